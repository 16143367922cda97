import Foundation
import Synchronization

/// A webhook receiver as the docs ask one to be: it processes each
/// idempotency key once and answers 2xx to a key it has already processed.
/// Tests set what it answers, and read what it did.
public final class WebhookReceiver: Sendable {
    public enum Mode: Sendable {
        case accept
        /// Answers `status` without processing.
        case fail(Int, retryAfter: String? = nil)
        /// Answers `status` to the next request without processing it, then accepts (a rate limit's first answer).
        case failOnce(Int, retryAfter: String? = nil)
        /// Processes the request, then answers 500 as if the answer were lost on the way.
        case processThenFail
        /// Processes the request, and holds its 200 until `release()`: an attempt kept in flight.
        case holdUntilReleased
        /// Processes the request, and answers 200 `seconds` after it came: a slow receiver.
        case acceptAfter(TimeInterval)
    }

    public struct State {
        public var mode: Mode = .accept
        public var processed: [String] = []
        public var requests: [LoopbackHTTPServer.Request] = []
        public var released = false
    }

    public let state = Mutex(State())

    public init(_ mode: Mode = .accept) { state.withLock { $0.mode = mode } }

    public func set(_ mode: Mode) { state.withLock { $0.mode = mode } }
    /// Keys processed, in order; a correct sender never makes one appear twice.
    public var processed: [String] { state.withLock { $0.processed } }
    public var requests: [LoopbackHTTPServer.Request] { state.withLock { $0.requests } }
    /// Answers the requests held by `.holdUntilReleased`, and those it receives from now on.
    public func release() { state.withLock { $0.released = true } }

    public func respond(_ r: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
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
            case .failOnce(let status, let retryAfter):
                s.mode = .accept
                return .init(status: status, headers: retryAfter.map { [("Retry-After", $0)] } ?? [], text: "no")
            case .processThenFail:
                if fresh { s.processed.append(key) }
                return .init(status: 500, text: "lost")
            case .holdUntilReleased:
                if fresh { s.processed.append(key) }
                var held = LoopbackHTTPServer.Response(status: fresh ? 200 : 208, text: "ok")
                held.heldUntil = { [self] in state.withLock { $0.released } }
                return held
            case .acceptAfter(let seconds):
                if fresh { s.processed.append(key) }
                let due = Date().addingTimeInterval(seconds)
                var slow = LoopbackHTTPServer.Response(status: fresh ? 200 : 208, text: "ok")
                slow.heldUntil = { Date() >= due }
                return slow
            }
        }
    }

    public func start(port: Int = 0) async throws -> LoopbackHTTPServer {
        try await LoopbackHTTPServer(port: port) { [self] in respond($0) }
    }
}

