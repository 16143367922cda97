import Foundation
import NIOCore
import NIOPosix
import PostgresNIO

/// A connection the network or the system refused, said as an operator reads it. The driver's own
/// words (`connectionError: Connection errors: SingleConnectionFailure(target: [IPv4]127.0.0.1/127.0.0.1:1,
/// error: connection reset (error set): Connection refused (errno: 111))`) name its types, twice over.
enum PostgresConnectFailure {
    /// Why connecting failed, when the reason is the socket's; nil for anything else.
    static func explain(_ error: PSQLError) -> String? {
        guard error.code == .connectionError, let underlying = error.underlying else { return nil }
        if let failed = underlying as? NIOConnectionError {
            if failed.connectionErrors.isEmpty, let dns = failed.dnsAError ?? failed.dnsAAAAError {
                return "the host name \(failed.host) does not resolve (\(dns))"
            }
            let codes = failed.connectionErrors.compactMap { ($0.error as? IOError)?.errnoCode }
            return codes.first.map(words)
        }
        return (underlying as? IOError).map { words($0.errnoCode) }
    }

    private static func words(_ code: CInt) -> String {
        switch code {
        case ECONNREFUSED: "connection refused: is the server running, and listening on that address and port?"
        case ENOENT: "no server socket there: is the server running, and is that its unix_socket_directories?"
        case EACCES: "permission denied on the server's socket"
        case EHOSTUNREACH, ENETUNREACH: "no route to the host (\(String(cString: strerror(code))))"
        case ETIMEDOUT: "the connection timed out"
        default: String(cString: strerror(code))
        }
    }
}
