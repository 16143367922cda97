import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A tiny HTTP/1.1 server for /healthz, /readyz and /metrics. It answers
/// GET only, closes nothing it does not own, and when a token is set every
/// request must carry `Authorization: Bearer <token>`.
final class AdminEndpoint: Sendable {
    struct Response: Sendable {
        var status: HTTPResponseStatus
        var contentType = "text/plain; charset=utf-8"
        var body: String
    }

    typealias Responder = @Sendable (_ path: String) -> Response

    let address: String
    private let channel: any Channel

    private init(channel: any Channel, address: String) {
        self.channel = channel
        self.address = address
    }

    /// Binds `host:port` (port 0: any free port) and serves until `close`. Only `storePaths` are answered
    /// on NIO's thread pool: they read the store, which blocks (SQLite) or waits on futures (PostgreSQL, where
    /// NIO traps a wait on an event loop). Every other path is answered on the event loop, so a liveness probe
    /// never queues behind a scrape that waits on the database.
    static func bind(host: String, port: Int, token: String?, storePaths: Set<String> = ["/metrics"],
                     respond: @escaping Responder) async throws -> AdminEndpoint {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // A probe that shuts its write side after the request (nc -N, HTTP/1.0 clients) still gets its answer.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(AdminHTTPHandler(token: token, storePaths: storePaths, respond: respond))
                }
            }
        let channel = try await bootstrap.bind(host: host, port: port).get()
        // An IPv6 address in brackets, as `admin.listen` and a URL write it ("[::1]:9187", not "::1:9187").
        func hostPort(_ h: String, _ p: Int) -> String { h.contains(":") ? "[\(h)]:\(p)" : "\(h):\(p)" }
        let bound = channel.localAddress.map { hostPort($0.ipAddress ?? host, $0.port ?? port) } ?? hostPort(host, port)
        return AdminEndpoint(channel: channel, address: bound)
    }

    func close() async { try? await channel.close() }

    /// True for addresses only this machine can reach.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// Splits "host:port" (IPv6 as "[::1]:9187").
    static func parse(listen: String) -> (host: String, port: Int)? {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port) else {
            return nil
        }
        var host = String(listen[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }
}

private final class AdminHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let token: String?
    private let storePaths: Set<String>
    private let respond: AdminEndpoint.Responder
    private var head: HTTPRequestHead?
    /// Requests read whose answer's end is not yet written: the HTTP pipeline handler may hand us the next
    /// one from within the write of an answer, so a flag would be cleared under it.
    private var unanswered = 0
    /// The client shut its write side: close once what it asked for is answered.
    private var inputClosed = false

    init(token: String?, storePaths: Set<String>, respond: @escaping AdminEndpoint.Responder) {
        self.token = token
        self.storePaths = storePaths
        self.respond = respond
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h): head = h
        case .body: break
        case .end:
            guard let h = head else { return }
            head = nil
            unanswered += 1
            let path = String(h.uri.split(separator: "?", maxSplits: 1).first ?? "")
            if let refusal = Self.refusal(h, token: token) {
                write(refusal, to: h, context: context)
            } else if !storePaths.contains(path) {
                write(respond(path), to: h, context: context)
            } else {
                // Written back on the loop; the HTTP pipeline handler holds a pipelined next request until this one ends.
                let loop = context.eventLoop
                let bound = NIOLoopBound((self, context), eventLoop: loop)
                let respond = respond
                NIOThreadPool.singleton.runIfActive(eventLoop: loop) { respond(path) }
                    .whenComplete { result in
                        let (handler, context) = bound.value
                        handler.write((try? result.get()) ?? .init(status: .serviceUnavailable, body: "stopping\n"), to: h, context: context)
                    }
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let event = event as? ChannelEvent, event == .inputClosed else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        inputClosed = true
        if unanswered == 0 { context.close(promise: nil) }
    }

    private func write(_ response: AdminEndpoint.Response, to h: HTTPRequestHead, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: response.contentType)
        headers.add(name: "Content-Length", value: "\(response.body.utf8.count)")
        headers.add(name: "Cache-Control", value: "no-store")
        if !h.isKeepAlive { headers.add(name: "Connection", value: "close") }
        if response.status == .unauthorized { headers.add(name: "WWW-Authenticate", value: "Bearer") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: h.version, status: response.status, headers: headers))), promise: nil)
        if h.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: response.body)))), promise: nil)
        }
        // Closing before the end is written would throw the answer away; an HTTP/1.0 client reads to the close.
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            let (handler, context) = bound.value
            handler.unanswered -= 1
            if (handler.inputClosed && handler.unanswered == 0) || !h.isKeepAlive { context.close(promise: nil) }
        }
    }

    /// The answer when the request may not be served (no token, not a GET); nil when it may.
    private static func refusal(_ h: HTTPRequestHead, token: String?) -> AdminEndpoint.Response? {
        if let token {
            let given = h.headers["Authorization"].first ?? ""
            guard constantTimeEqual(given, "Bearer \(token)") else {
                return .init(status: .unauthorized, body: "a bearer token is required\n")
            }
        }
        guard h.method == .GET || h.method == .HEAD else { return .init(status: .methodNotAllowed, body: "GET only\n") }
        return nil
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var diff = x.count ^ y.count
        for i in 0..<max(x.count, y.count) { diff |= Int((i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)) }
        return diff == 0
    }
}
