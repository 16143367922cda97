import Foundation
import Synchronization
import TestSupport

/// A webhook receiver as the docs ask one to be: it processes each
/// idempotency key once and answers 2xx to a key it has already processed.
/// Tests set what it answers, and read what it did.
final class WebhookReceiver: Sendable {
    enum Mode: Sendable {
        case accept
        /// Answers `status` without processing.
        case fail(Int, retryAfter: String? = nil)
        /// Processes the request, then answers 500 as if the answer were lost on the way.
        case processThenFail
    }

    struct State {
        var mode: Mode = .accept
        var processed: [String] = []
        var requests: [LoopbackHTTPServer.Request] = []
    }

    let state = Mutex(State())

    init(_ mode: Mode = .accept) { state.withLock { $0.mode = mode } }

    func set(_ mode: Mode) { state.withLock { $0.mode = mode } }
    /// Keys processed, in order; a correct sender never makes one appear twice.
    var processed: [String] { state.withLock { $0.processed } }
    var requests: [LoopbackHTTPServer.Request] { state.withLock { $0.requests } }

    func respond(_ r: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        state.withLock { s in
            s.requests.append(r)
            let key = r.header("Idempotency-Key") ?? ""
            let fresh = !s.processed.contains(key)
            switch s.mode {
            case .accept:
                if fresh { s.processed.append(key) }
                return .init(status: fresh ? 200 : 208, text: "ok")
            case .fail(let status, let retryAfter):
                return .init(status: status, headers: retryAfter.map { [("Retry-After", $0)] } ?? [], text: "no")
            case .processThenFail:
                if fresh { s.processed.append(key) }
                return .init(status: 500, text: "lost")
            }
        }
    }

    func start(port: Int = 0) async throws -> LoopbackHTTPServer {
        try await LoopbackHTTPServer(port: port) { [self] in respond($0) }
    }
}

/// A port that accepts connections and never answers: the slowest receiver there is.
final class BlackHole: Sendable {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 128) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        self.fd = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
    }

    deinit { close(fd) }
}
