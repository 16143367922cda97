import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The sd_notify protocol, spoken directly: one datagram of `KEY=value`
/// lines to the unix socket named by `$NOTIFY_SOCKET` (a path, or `@name` for
/// an abstract socket). Without the variable every call does nothing, so the
/// daemon runs the same by hand and under systemd.
public struct SystemdNotifier: Sendable {
    public let socketPath: String?
    /// `WATCHDOG_USEC` as an interval, when systemd asked for pings (and meant this process).
    public let watchdogInterval: TimeInterval?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        let forUs = environment["WATCHDOG_PID"].map { Int32($0) == getpid() } ?? true
        if forUs, let usec = environment["WATCHDOG_USEC"].flatMap(UInt64.init), usec > 0 {
            watchdogInterval = TimeInterval(usec) / 1_000_000
        } else {
            watchdogInterval = nil
        }
    }

    public var isActive: Bool { socketPath != nil }

    public func ready(status: String? = nil) { send(["READY=1"] + (status.map { ["STATUS=\($0)"] } ?? [])) }
    public func status(_ text: String) { send(["STATUS=\(text)"]) }
    public func stopping() { send(["STOPPING=1"]) }
    public func watchdog() { send(["WATCHDOG=1"]) }
    /// Asks systemd for `seconds` more before it kills a stop that outlasts the unit's TimeoutStopSec
    /// (systemd 236+; it never shortens the unit's own timeout).
    public func extendTimeout(_ seconds: TimeInterval) {
        send(["EXTEND_TIMEOUT_USEC=\(UInt64(max(0, seconds) * 1_000_000))"])
    }

    /// RELOADING=1 carries the monotonic time it was sent, as systemd 253+ requires.
    public func reloading() {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        let usec = UInt64(ts.tv_sec) * 1_000_000 + UInt64(ts.tv_nsec) / 1000
        send(["RELOADING=1", "MONOTONIC_USEC=\(usec)"])
    }

    /// Sends one message; failures are ignored, as sd_notify does, because the
    /// service must not stop for want of a listener.
    @discardableResult
    public func send(_ lines: [String]) -> Bool {
        guard let path = socketPath else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }  // abstract namespace
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
        }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)! + bytes.count + (bytes.first == 0 ? 0 : 1))
        let message = Array((lines.joined(separator: "\n") + "\n").utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                message.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), sa, length) }
            }
        }
        return sent == message.count
    }
}
