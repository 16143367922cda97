import Dispatch
import Foundation
import NIOCore
import Synchronization
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif
@testable import Daemon

/// The admin endpoint as probes reach it: over real sockets, while a scrape waits on the store, and from
/// clients that shut their write side after the request or speak HTTP/1.0.
@Suite struct AdminEndpointTests {
    /// Holds every /metrics answer until released, counting those that started.
    final class HeldScrapes: Sendable {
        let started = Mutex(0)
        let gate = DispatchSemaphore(value: 0)
        let holding: Int
        init(holding: Int) { self.holding = holding }

        func respond(_ path: String) -> AdminEndpoint.Response {
            switch path {
            case "/metrics":
                started.withLock { $0 += 1 }
                gate.wait()
                return .init(status: .ok, body: "wirewatch_up 1\n")
            case "/healthz": return .init(status: .ok, body: "ok\n")
            case "/readyz": return .init(status: .ok, body: "ready\n")
            default: return .init(status: .notFound, body: "not found\n")
            }
        }

        func release() { for _ in 0..<holding { gate.signal() } }
    }

    /// Fails on the old design, where every path queued on NIO's thread pool: with each of the pool's threads
    /// held by a /metrics waiting on the store, /healthz and /readyz went unanswered until the deadline.
    @Test func probesAreAnsweredWhileEveryPoolThreadWaitsOnTheStore() async throws {
        let pool = NIOSingletons.blockingPoolThreadCountSuggestion
        let scrapes = HeldScrapes(holding: pool)
        let endpoint = try await AdminEndpoint.bind(host: "127.0.0.1", port: 0, token: nil) { scrapes.respond($0) }
        defer { scrapes.release(); Task { await endpoint.close() } }
        let port = try #require(Int(endpoint.address.split(separator: ":").last ?? ""))

        let held = (0..<pool).map { _ in Task { await Self.exchange(port: port, "GET /metrics HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n") } }
        #expect(await eventually { scrapes.started.withLock { $0 } == pool }, "the scrapes did not all reach the pool")

        for (path, body) in [("/healthz", "ok\n"), ("/readyz", "ready\n")] {
            let answer = await Self.exchange(port: port, "GET \(path) HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            #expect(answer.text.hasPrefix("HTTP/1.1 200 OK\r\n") && answer.text.hasSuffix("\r\n\r\n\(body)"), "\(path): \(answer)")
        }
        scrapes.release()
        for scrape in held {
            let answer = await scrape.value
            #expect(answer.text.hasPrefix("HTTP/1.1 200 OK\r\n") && answer.closed, "\(answer)")
        }
    }

    /// `nc -N`, `printf … | socat`: the request, then the write side shut. The answer comes (also from the
    /// pool, which answers after NIO has seen the end of input), then the endpoint closes.
    @Test(arguments: ["/metrics", "/healthz", "/nope"])
    func aClientThatShutsItsWriteSideGetsItsAnswer(path: String) async throws {
        let endpoint = try await AdminEndpoint.bind(host: "127.0.0.1", port: 0, token: nil) { path in
            path == "/nope" ? .init(status: .notFound, body: "not found\n") : .init(status: .ok, body: "answered \(path)\n")
        }
        defer { Task { await endpoint.close() } }
        let port = try #require(Int(endpoint.address.split(separator: ":").last ?? ""))
        let answer = await Self.exchange(port: port, "GET \(path) HTTP/1.1\r\nHost: t\r\n\r\n", shutWrite: true)
        #expect(answer.text.hasPrefix(path == "/nope" ? "HTTP/1.1 404 Not Found\r\n" : "HTTP/1.1 200 OK\r\n"), "\(answer)")
        #expect(answer.closed, "the endpoint kept the connection open: \(answer)")
    }

    /// Two requests in one write, then the write side shut: both are answered, in order, before the close.
    @Test func pipelinedRequestsBeforeTheHalfCloseAreAllAnswered() async throws {
        let endpoint = try await AdminEndpoint.bind(host: "127.0.0.1", port: 0, token: nil) { path in
            .init(status: .ok, body: "answered \(path)\n")
        }
        defer { Task { await endpoint.close() } }
        let port = try #require(Int(endpoint.address.split(separator: ":").last ?? ""))
        let answer = await Self.exchange(port: port, "GET /metrics HTTP/1.1\r\nHost: t\r\n\r\nGET /healthz HTTP/1.1\r\nHost: t\r\n\r\n",
                                         shutWrite: true)
        #expect(answer.text.components(separatedBy: "HTTP/1.1 200 OK\r\n").count == 3, "\(answer)")
        #expect(answer.text.hasSuffix("answered /healthz\n") && answer.text.contains("answered /metrics\n"), "\(answer)")
        #expect(answer.closed, "the endpoint kept the connection open: \(answer)")
    }

    /// An HTTP/1.0 probe without keep-alive reads to the close: the endpoint closes once it has answered.
    @Test(arguments: ["/metrics", "/healthz"])
    func anHTTP10ProbeIsAnsweredAndClosed(path: String) async throws {
        let endpoint = try await AdminEndpoint.bind(host: "127.0.0.1", port: 0, token: "s3cret") { path in
            .init(status: .ok, body: "answered \(path)\n")
        }
        defer { Task { await endpoint.close() } }
        let port = try #require(Int(endpoint.address.split(separator: ":").last ?? ""))
        let answer = await Self.exchange(port: port, "GET \(path) HTTP/1.0\r\nAuthorization: Bearer s3cret\r\n\r\n")
        #expect(answer.text.hasPrefix("HTTP/1.0 200 OK\r\n") && answer.text.hasSuffix("\r\n\r\nanswered \(path)\n"), "\(answer)")
        #expect(answer.closed, "the endpoint kept the connection open: \(answer)")
        let refused = await Self.exchange(port: port, "GET \(path) HTTP/1.0\r\n\r\n", shutWrite: true)
        #expect(refused.text.hasPrefix("HTTP/1.0 401 Unauthorized\r\n") && refused.closed, "\(refused)")
    }

    /// What came back on a plain socket, and whether the server closed it (rather than the deadline running out).
    struct Answer: CustomStringConvertible {
        var text: String
        var closed: Bool
        var description: String { "\(closed ? "closed" : "still open at the deadline") after \(text.debugDescription)" }
    }

    /// Sends `request` on a fresh connection to 127.0.0.1:`port`, shuts the write side if asked, and reads until
    /// the server closes or 20 s pass without a byte.
    static func exchange(port: Int, _ request: String, shutWrite: Bool = false) async -> Answer {
        await withCheckedContinuation { done in
            DispatchQueue.global().async {
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                defer { close(fd) }
                var deadline = timeval(tv_sec: 20, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &deadline, socklen_t(MemoryLayout<timeval>.size))
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                address.sin_port = UInt16(port).bigEndian
                let connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
                }
                guard connected else { return done.resume(returning: Answer(text: "connect: errno \(errno)", closed: false)) }
                let bytes = Array(request.utf8)
                _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if shutWrite { shutdown(fd, Int32(SHUT_WR)) }
                var received: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                    if n > 0 { received += buffer[0..<n]; continue }
                    return done.resume(returning: Answer(text: String(decoding: received, as: UTF8.self), closed: n == 0))
                }
            }
        }
    }
}
