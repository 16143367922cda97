import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP/1.1 server on 127.0.0.1 for tests: it binds port 0, reports
/// the port it got, answers through a handler, and records every request.
/// A response can also be late, streamed without Content-Length, trickled, or
/// never sent, and the server counts its concurrent connections, so a client's
/// timeouts, caps and limits can be tested against real sockets.
public final class LoopbackHTTPServer: Sendable {
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var headers: [(name: String, value: String)]
        public var body: Data
        public func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: Data
        /// How the body goes on the wire.
        public var delivery: Delivery = .whole
        /// Seconds to wait before the response starts (the connection stays open meanwhile).
        public var delay: TimeInterval = 0
        /// Polled on the event loop (after `delay`): the response waits, the connection open, until it says
        /// true, so a test decides when a request in flight is answered.
        public var heldUntil: (@Sendable () -> Bool)?
        /// Called on an event loop once the connection that carried the response closes (either side):
        /// a test learns when a request the client gave up on stopped being in flight. On a kept-alive
        /// connection that is later than the response's end.
        public var whenClosed: (@Sendable () -> Void)?

        public init(status: Int = 200, headers: [(String, String)] = [], body: Data = Data()) {
            self.status = status; self.headers = headers; self.body = body
        }
        public init(status: Int = 200, headers: [(String, String)] = [], text: String) {
            self.init(status: status, headers: headers, body: Data(text.utf8))
        }
        public init(status: Int = 200, headers: [(String, String)] = [], body: Data, delivery: Delivery, delay: TimeInterval = 0) {
            self.init(status: status, headers: headers, body: body)
            self.delivery = delivery
            self.delay = delay
        }

        /// The request is read and the connection kept open, but nothing is ever sent.
        public static var neverAnswers: Response { Response(body: Data(), delivery: .never) }
    }

    public enum Delivery: Sendable {
        /// With Content-Length, in one write.
        case whole
        /// Without Content-Length (chunked), in pieces of `size` bytes: the client cannot know the length in advance.
        case chunked(size: Int)
        /// Without Content-Length, `bytes` at a time every `every` seconds.
        case trickle(bytes: Int, every: TimeInterval)
        /// Accept, read the request, never answer.
        case never
        /// Without Content-Length, `count` pieces made on demand by `piece(i)`, each written once the
        /// previous one is on the wire: a body of gigabytes costs the server one piece of memory.
        case generated(count: Int, piece: @Sendable (Int) -> Data)
    }

    public typealias Handler = @Sendable (Request) -> Response

    public let port: Int
    private let channel: any Channel
    private let recorder: RequestRecorder
    private let connections: ConnectionCounter

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far, in arrival order.
    public var requests: [Request] { recorder.all }
    /// Connections open right now.
    public var openConnections: Int { connections.snapshot.open }
    /// The most connections that were open at the same time.
    public var peakConnections: Int { connections.snapshot.peak }
    /// Connections accepted since the server started.
    public var acceptedConnections: Int { connections.snapshot.accepted }

    /// `port` 0 (the default) lets the system choose; a test that restarts a
    /// receiver at the same address passes the port the first one got.
    public init(port: Int = 0, handler: @escaping Handler) async throws {
        let recorder = RequestRecorder()
        let connections = ConnectionCounter()
        self.recorder = recorder
        self.connections = connections
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                connections.opened(channel)
                channel.closeFuture.whenComplete { _ in connections.closed(channel) }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(HTTPHandler(handler: handler, record: { recorder.record($0) }))
                }
            }
        channel = try await bootstrap.bind(host: "127.0.0.1", port: port).get()
        self.port = channel.localAddress?.port ?? 0
    }

    /// Stops listening and closes every connection still open.
    public func shutdown() async {
        try? await channel.close()
        for child in connections.openChannels { try? await child.close() }
    }
}

/// The request log, appended to from event loops.
final class RequestRecorder: Sendable {
    private let log = Mutex<[LoopbackHTTPServer.Request]>([])
    func record(_ r: LoopbackHTTPServer.Request) { log.withLock { $0.append(r) } }
    var all: [LoopbackHTTPServer.Request] { log.withLock { $0 } }
}

/// Open connections, counted as they are accepted and closed.
final class ConnectionCounter: Sendable {
    struct Snapshot { var open = 0, peak = 0, accepted = 0 }
    private let state = Mutex<(counts: Snapshot, channels: [ObjectIdentifier: any Channel])>((Snapshot(), [:]))

    func opened(_ channel: any Channel) {
        state.withLock {
            $0.counts.open += 1
            $0.counts.accepted += 1
            $0.counts.peak = max($0.counts.peak, $0.counts.open)
            $0.channels[ObjectIdentifier(channel)] = channel
        }
    }

    func closed(_ channel: any Channel) {
        state.withLock {
            $0.counts.open -= 1
            $0.channels[ObjectIdentifier(channel)] = nil
        }
    }

    var snapshot: Snapshot { state.withLock { $0.counts } }
    var openChannels: [any Channel] { state.withLock { Array($0.channels.values) } }
}

private final class HTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let handler: LoopbackHTTPServer.Handler
    private let record: (LoopbackHTTPServer.Request) -> Void
    private var head: HTTPRequestHead?
    private var body = Data()

    init(handler: @escaping LoopbackHTTPServer.Handler, record: @escaping (LoopbackHTTPServer.Request) -> Void) {
        self.handler = handler
        self.record = record
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body.removeAll()
        case .body(var buf):
            if let bytes = buf.readBytes(length: buf.readableBytes) { body.append(contentsOf: bytes) }
        case .end:
            guard let h = head else { return }
            head = nil
            let request = LoopbackHTTPServer.Request(method: h.method.rawValue, path: h.uri,
                                                     headers: h.headers.map { ($0.name, $0.value) }, body: body)
            record(request)
            let response = handler(request)
            if let whenClosed = response.whenClosed { context.channel.closeFuture.whenComplete { _ in whenClosed() } }
            if case .never = response.delivery { return }
            if response.delay > 0 {
                context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(response.delay * 1e9))) {
                    self.respondWhenReleased(response, to: h, context: context)
                }
            } else {
                respondWhenReleased(response, to: h, context: context)
            }
        }
    }

    /// Answers once the response's `heldUntil` says so, unless the client hung up meanwhile.
    private func respondWhenReleased(_ response: LoopbackHTTPServer.Response, to request: HTTPRequestHead, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        if let released = response.heldUntil, !released() {
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(20)) {
                self.respondWhenReleased(response, to: request, context: context)
            }
            return
        }
        respond(response, to: request, context: context)
    }

    private func respond(_ response: LoopbackHTTPServer.Response, to request: HTTPRequestHead, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers)
        let sendsBody = !response.body.isEmpty && request.method != .HEAD
        if case .whole = response.delivery, !headers.contains(name: "Content-Length") {
            headers.add(name: "Content-Length", value: "\(response.body.count)")
        }
        let head = HTTPResponseHead(version: request.version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        switch response.delivery {
        case .whole, .never:
            if sendsBody { context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil) }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        case .chunked(let size):
            var rest = sendsBody ? response.body[...] : Data()[...]
            while !rest.isEmpty {
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: rest.prefix(size))))), promise: nil)
                rest = rest.dropFirst(size)
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        case .trickle(let bytes, let every):
            context.flush()
            trickle(sendsBody ? response.body[...] : Data()[...], bytes: bytes, every: every, context: context)
        case .generated(let count, let piece):
            context.flush()
            generate(from: 0, count: request.method == .HEAD ? 0 : count, piece: piece, context: context)
        }
    }

    /// Writes piece `i`, and the next one only when this one was written, until the last or a hang-up.
    private func generate(from i: Int, count: Int, piece: @escaping @Sendable (Int) -> Data, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        guard i < count else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        let loop = context.eventLoop.assumeIsolated()
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: piece(i)))))).assumeIsolated().whenSuccess {
            // Through the loop, not from this callback: a fast reader must not deepen the stack per piece.
            loop.execute { self.generate(from: i + 1, count: count, piece: piece, context: context) }
        }
    }

    /// Sends `bytes` of `rest` now and schedules the remainder, until the body ends or the client hangs up.
    private func trickle(_ rest: Data.SubSequence, bytes: Int, every: TimeInterval, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        guard !rest.isEmpty else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: rest.prefix(bytes))))), promise: nil)
        context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(every * 1e9))) {
            self.trickle(rest.dropFirst(bytes), bytes: bytes, every: every, context: context)
        }
    }
}
