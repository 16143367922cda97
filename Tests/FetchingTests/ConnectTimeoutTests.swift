import Fetching
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A listening socket whose accept queue is full and never drained: the kernel
/// drops further SYNs, so a new connection neither succeeds nor is refused.
final class FullBacklogListener {
    private var fds: [Int32] = []
    private(set) var port = 0

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        fds.append(listener)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, len) == 0 && getsockname(listener, $0, &len) == 0 }
        }
        guard bound, listen(listener, 0) == 0 else { throw POSIXError(.EADDRINUSE) }
        port = Int(UInt16(bigEndian: addr.sin_port))
        // Fill the queue (a backlog of 0 holds one) and then some.
        for _ in 0..<3 {
            let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            _ = fcntl(filler, F_SETFL, O_NONBLOCK)
            _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(filler, $0, len) } }
            fds.append(filler)
        }
    }

    deinit { for fd in fds { close(fd) } }
}

@Suite struct ConnectTimeoutTests {
    @Test func aHostThatNeverCompletesTheHandshakeTimesOut() async throws {
        let listener = try FullBacklogListener()
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        let r = await fetcher.fetch(FetchRequest(url: "http://127.0.0.1:\(listener.port)/feed", connectTimeout: 1, totalTimeout: 60))
        #expect(r.error?.category == .timeout)
        #expect(r.error?.message.contains("Failed to connect") == true, "\(String(describing: r.error))")
        withExtendedLifetime(listener) {}
    }
}
