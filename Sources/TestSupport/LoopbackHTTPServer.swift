import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP/1.1 server on 127.0.0.1 for tests: it binds port 0, reports
/// the port it got, answers through a handler, and records every request.
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
        public init(status: Int = 200, headers: [(String, String)] = [], body: Data = Data()) {
            self.status = status; self.headers = headers; self.body = body
        }
        public init(status: Int = 200, headers: [(String, String)] = [], text: String) {
            self.init(status: status, headers: headers, body: Data(text.utf8))
        }
    }

    public typealias Handler = @Sendable (Request) -> Response

    public let port: Int
    private let channel: any Channel
    private let recorder: RequestRecorder

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far, in arrival order.
    public var requests: [Request] { recorder.all }

    /// `port` 0 (the default) lets the system choose; a test that restarts a
    /// receiver at the same address passes the port the first one got.
    public init(port: Int = 0, handler: @escaping Handler) async throws {
        let recorder = RequestRecorder()
        self.recorder = recorder
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(HTTPHandler(handler: handler, record: { recorder.record($0) }))
                }
            }
        channel = try await bootstrap.bind(host: "127.0.0.1", port: port).get()
        self.port = channel.localAddress?.port ?? 0
    }

    public func shutdown() async {
        try? await channel.close()
    }
}

/// The request log, appended to from event loops.
final class RequestRecorder: Sendable {
    private let log = Mutex<[LoopbackHTTPServer.Request]>([])
    func record(_ r: LoopbackHTTPServer.Request) { log.withLock { $0.append(r) } }
    var all: [LoopbackHTTPServer.Request] { log.withLock { $0 } }
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
            let request = LoopbackHTTPServer.Request(method: h.method.rawValue, path: h.uri,
                                                     headers: h.headers.map { ($0.name, $0.value) }, body: body)
            record(request)
            let response = handler(request)
            var headers = HTTPHeaders(response.headers)
            if !headers.contains(name: "Content-Length") { headers.add(name: "Content-Length", value: "\(response.body.count)") }
            let responseHead = HTTPResponseHead(version: h.version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            if !response.body.isEmpty, h.method != .HEAD {
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            head = nil
        }
    }
}
