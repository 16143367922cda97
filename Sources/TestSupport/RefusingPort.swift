import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A loopback port that refuses connections and stays ours: a socket bound
/// but not listening. A port merely closed could be handed to another test's
/// server, which would then receive this test's retries.
public final class RefusingPort {
    public let port: Int
    private var fd: Int32

    /// `port` 0 takes a free one; another port is taken over, e.g. from a server just shut down.
    public init(port: Int = 0) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        var reuse: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        let ok = withUnsafeMutablePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard ok else { close(fd); throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        self.fd = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Lets a server bind the port.
    public func release() {
        if fd >= 0 { close(fd); fd = -1 }
    }

    deinit { release() }
}
