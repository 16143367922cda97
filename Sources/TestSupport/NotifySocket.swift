import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Plays systemd's side of the notify protocol: a unix datagram socket the
/// test binds and hands to the daemon as `NOTIFY_SOCKET`, recording every
/// message it receives.
public final class NotifySocket: Sendable {
    public let path: String
    private let fd: Int32
    private let received = Mutex<[String]>([])
    private let closed = Atomic<Bool>(false)

    public init(directory: URL) throws {
        path = directory.appendingPathComponent("notify.sock").path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw POSIXError(.ENAMETOOLONG) }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        // Wake from recv now and then, so `close` is noticed.
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let thread = Thread { [self] in receiveLoop() }
        thread.name = "notify-socket"
        thread.start()
    }

    /// Every message so far, in arrival order (each one "KEY=value" lines).
    public var messages: [String] { received.withLock { $0 } }

    /// Messages that contain the line `assignment` (e.g. "READY=1").
    public func messages(with assignment: String) -> [String] {
        messages.filter { $0.split(separator: "\n").contains { $0 == assignment } }
    }

    /// Every line `KEY=…` of every message so far, in arrival order (e.g. each `STATUS=` sent).
    public func lines(of key: String) -> [String] {
        messages.flatMap { $0.split(separator: "\n") }.filter { $0.hasPrefix(key + "=") }.map(String.init)
    }

    public func close() {
        if !closed.exchange(true, ordering: .acquiringAndReleasing) {
            shutdown(fd, Int32(SHUT_RDWR))
            unlink(path)
        }
    }

    private func receiveLoop() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !closed.load(ordering: .acquiring) {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                let message = String(decoding: buffer[0..<n], as: UTF8.self)
                received.withLock { $0.append(message) }
            }
        }
        Glibc.close(fd)
    }

    deinit { close() }
}
