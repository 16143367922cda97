import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A TCP server on 127.0.0.1 that accepts connections and never answers,
/// to hold a fetch in flight for as long as a test needs.
public final class BlackHole: Sendable {
    public let port: Int
    private let fd: Int32
    private let accepted = Mutex<[Int32]>([])
    private let closed = Atomic<Bool>(false)

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, sa, &length) == 0
            }
        }
        guard ok else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    public var connections: Int { accepted.withLock { $0.count } }

    public func close() { closed.store(true, ordering: .releasing) }

    private func acceptLoop() {
        while !closed.load(ordering: .acquiring) {
            let c = accept(fd, nil, nil)
            if c >= 0 { accepted.withLock { $0.append(c) } }
        }
        for c in accepted.withLock({ $0 }) { Glibc.close(c) }
        Glibc.close(fd)
    }
}
