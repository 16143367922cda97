import Foundation
import WirewatchCore
#if canImport(Glibc)
import Glibc
#endif

/// Whether this machine can listen on `admin.listen`'s host at all: a name the name service knows, an address one
/// of its interfaces has. Judged by binding a socket to the address with port 0, then closing it: the port itself
/// may be the running daemon's, which `check` before a reload must not take for a mistake.
enum AdminAddress {
    /// Why no socket can listen on `host`, or nil when one can.
    static func problem(host: String) -> String? {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var found: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, "0", &hints, &found)
        guard code == 0, let first = found else { return "no address for '\(host)': \(String(cString: gai_strerror(code)))" }
        defer { freeaddrinfo(first) }
        var reason = ""
        var next: UnsafeMutablePointer<addrinfo>? = first
        while let a = next {
            next = a.pointee.ai_next
            let fd = socket(a.pointee.ai_family, a.pointee.ai_socktype, a.pointee.ai_protocol)
            guard fd >= 0 else { reason = String(cString: strerror(errno)); continue }
            defer { close(fd) }
            if bind(fd, a.pointee.ai_addr, a.pointee.ai_addrlen) == 0 { return nil }
            reason = String(cString: strerror(errno))
        }
        return "no interface here has '\(host)' (\(reason))"
    }
}

extension WatchSetup {
    /// `admin.listen` where this machine cannot listen at all (`AdminAddress`), at where it is written: `check`
    /// passed a host no name service knows and an address of another machine, and the daemon then refused to
    /// start (exploratory finding of stop 33).
    public func unlistenableAdmin() -> [Diagnostic] {
        guard let listen = config.admin.listen, let (host, _) = AdminEndpoint.parse(listen: listen),
              let problem = AdminAddress.problem(host: host) else { return [] }
        return [Diagnostic(file: config.path, at: adminListenAt, message: "admin endpoint cannot listen on \(listen): \(problem)")]
    }
}
