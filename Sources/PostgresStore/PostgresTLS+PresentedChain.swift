import Foundation
import NIOCore
import NIOPosix
import PostgresNIO

/// The certificates a server shows, fetched after a connection's certificate failed to verify, to say
/// why: BoringSSL reports only CERTIFICATE_VERIFY_FAILED, not whether the certificate expired or was
/// signed by another CA, and postgres-nio takes no verification callback that could see it.
extension PostgresTLS {
    /// The chain `host:port` shows in a TLS handshake of its own, begun with PostgreSQL's SSLRequest and
    /// abandoned once the chain is seen, before any login; nil when it cannot be had within `limit`.
    static func presentedChain(host: String, port: Int, limit: TimeInterval) -> [NIOSSLCertificate]? {
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        let seen = loop.makePromise(of: [NIOSSLCertificate].self)
        var configuration = TLSConfiguration.makeClientConfiguration()
        // The callback below sees the chain before any trust is judged: no CA need be loaded.
        configuration.trustRoots = .certificates([])
        guard let context = try? NIOSSLContext(configuration: configuration) else { return nil }
        let name = (try? SocketAddress(ipAddress: host, port: port)) == nil ? host : nil
        let connecting = ClientBootstrap(group: loop)
            .connectTimeout(.milliseconds(Int64(limit * 1000)))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SSLRequestAnswer(context: context, serverName: name, seen: seen))
                }
            }
            .connect(host: host, port: port)
        connecting.whenFailure { seen.fail($0) }
        defer { connecting.whenSuccess { $0.close(promise: nil) } }
        return try? PostgresAnswer.wait(for: seen.futureResult, limit: limit)
    }

    /// Sends the SSLRequest, and on the server's 'S' starts TLS with a callback that keeps the chain and refuses it.
    private final class SSLRequestAnswer: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        let context: NIOSSLContext
        let serverName: String?
        let seen: EventLoopPromise<[NIOSSLCertificate]>
        private var answered = false

        init(context: NIOSSLContext, serverName: String?, seen: EventLoopPromise<[NIOSSLCertificate]>) {
            self.context = context
            self.serverName = serverName
            self.seen = seen
        }

        func channelActive(context: ChannelHandlerContext) {
            // Length 8, then the SSLRequest code 1234.5679.
            var request = context.channel.allocator.buffer(capacity: 8)
            request.writeMultipleIntegers(UInt32(8), UInt32(80_877_103))
            context.writeAndFlush(NIOAny(request), promise: nil)
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard !answered else { return }
            answered = true
            var buffer = unwrapInboundIn(data)
            guard buffer.readInteger(as: UInt8.self) == UInt8(ascii: "S") else {
                seen.fail(ChannelError.inputClosed)
                context.close(promise: nil)
                return
            }
            let seen = self.seen
            do {
                let keep: NIOSSLCustomVerificationCallback = { chain, verdict in
                    seen.succeed(chain)
                    verdict.succeed(NIOSSLVerificationResult.failed)
                }
                let tls = try NIOSSLClientHandler(context: self.context, serverHostname: serverName, customVerificationCallback: keep)
                try context.pipeline.syncOperations.addHandler(tls, position: .first)
            } catch {
                seen.fail(error)
                context.close(promise: nil)
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            seen.fail(ChannelError.inputClosed)
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            seen.fail(error)
            context.close(promise: nil)
        }
    }
}
