import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A SOCKS5 proxy on 127.0.0.1 for tests (no authentication, CONNECT only).
/// Whatever address a client asks for, it connects to `upstreamPort` on
/// 127.0.0.1 and records the address asked for: with `socks5h://` the client
/// sends the host name unresolved, so a test can use names that do not exist.
public final class LoopbackSOCKS5Proxy: Sendable {
    public let port: Int
    private let channel: any Channel
    private let log: ConnectLog

    public var url: String { "socks5h://127.0.0.1:\(port)" }
    /// "host:port" of every CONNECT received, in order.
    public var connectRequests: [String] { log.all }

    public init(upstreamPort: Int) async throws {
        let log = ConnectLog()
        self.log = log
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SOCKS5Handler(upstreamPort: upstreamPort, record: { log.append($0) }))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
    }

    public func shutdown() async {
        try? await channel.close()
    }
}

final class ConnectLog: Sendable {
    private let entries = Mutex<[String]>([])
    func append(_ s: String) { entries.withLock { $0.append(s) } }
    var all: [String] { entries.withLock { $0 } }
}

private final class SOCKS5Handler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State { case greeting, request, connecting, relaying(any Channel) }
    private var state = State.greeting
    private var pending = ByteBuffer()
    private let upstreamPort: Int
    private let record: (String) -> Void

    init(upstreamPort: Int, record: @escaping (String) -> Void) {
        self.upstreamPort = upstreamPort
        self.record = record
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        if case .relaying(let upstream) = state {
            upstream.writeAndFlush(bytes, promise: nil)
            return
        }
        pending.writeBuffer(&bytes)
        if case .greeting = state {
            // VER NMETHODS METHODS...: answer "no authentication".
            guard let n = pending.getInteger(at: pending.readerIndex + 1, as: UInt8.self),
                  pending.readableBytes >= 2 + Int(n) else { return }
            pending.moveReaderIndex(forwardBy: 2 + Int(n))
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: [5, 0])), promise: nil)
            state = .request
        }
        if case .request = state, let address = takeConnectRequest() {
            record(address)
            state = .connecting
            connect(context: context)
        }
    }

    /// VER CMD RSV ATYP ADDR PORT, once all of it has arrived.
    private func takeConnectRequest() -> String? {
        let start = pending.readerIndex
        guard pending.readableBytes >= 5, let atyp = pending.getInteger(at: start + 3, as: UInt8.self) else { return nil }
        let host: String
        let addressEnd: Int
        switch atyp {
        case 1:
            guard pending.readableBytes >= 10, let b = pending.getBytes(at: start + 4, length: 4) else { return nil }
            host = b.map(String.init).joined(separator: ".")
            addressEnd = start + 8
        case 3:
            guard let len = pending.getInteger(at: start + 4, as: UInt8.self), pending.readableBytes >= 7 + Int(len),
                  let name = pending.getString(at: start + 5, length: Int(len)) else { return nil }
            host = name
            addressEnd = start + 5 + Int(len)
        default:
            guard pending.readableBytes >= 22 else { return nil }
            host = "ipv6"
            addressEnd = start + 20
        }
        guard let port = pending.getInteger(at: addressEnd, as: UInt16.self) else { return nil }
        pending.moveReaderIndex(to: addressEnd + 2)
        return "\(host):\(port)"
    }

    private func connect(context: ChannelHandlerContext) {
        let client = context.channel
        ClientBootstrap(group: context.eventLoop)
            .channelInitializer { upstream in
                upstream.eventLoop.makeCompletedFuture { try upstream.pipeline.syncOperations.addHandler(Relay(to: client)) }
            }
            .connect(host: "127.0.0.1", port: upstreamPort)
            .assumeIsolated()
            .whenComplete { result in
                switch result {
                case .success(let upstream):
                    self.state = .relaying(upstream)
                    context.writeAndFlush(self.wrapOutboundOut(ByteBuffer(bytes: [5, 0, 0, 1, 127, 0, 0, 1, 0, 0])), promise: nil)
                    if self.pending.readableBytes > 0 { upstream.writeAndFlush(self.pending, promise: nil) }
                    upstream.closeFuture.whenComplete { _ in client.close(promise: nil) }
                case .failure:
                    context.writeAndFlush(self.wrapOutboundOut(ByteBuffer(bytes: [5, 5, 0, 1, 0, 0, 0, 0, 0, 0])), promise: nil)
                    context.close(promise: nil)
                }
            }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if case .relaying(let upstream) = state { upstream.close(promise: nil) }
        context.fireChannelInactive()
    }
}

/// Copies what the upstream server sends back to the proxy's client.
private final class Relay: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let client: any Channel
    init(to client: any Channel) { self.client = client }
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        client.writeAndFlush(unwrapInboundIn(data), promise: nil)
    }
}
