import Foundation
import PostgresNIO

/// A failure of the PostgreSQL store in one line: the server (never the password) and the cause.
public struct PostgresStoreError: Error, CustomStringConvertible, Sendable {
    public var server: String
    public var cause: String
    public init(server: String, cause: String) { self.server = server; self.cause = cause }
    public var description: String { "\(server): \(cause)" }

    /// `error` as the store reports it. postgres-nio's own description is deliberately generic (it
    /// hides the query); the server's message and SQLSTATE, or the connection's failure, say what happened.
    init(server: String, _ error: any Error) {
        self.server = server
        if let known = error as? PostgresStoreError { cause = known.cause; return }
        guard let psql = error as? PSQLError else { cause = "\(error)"; return }
        if let info = psql.serverInfo, let message = info[.message] {
            var text = message
            if let state = info[.sqlState] { text += " (SQLSTATE \(state))" }
            if let detail = info[.detail] { text += ": \(detail)" }
            cause = text.replacingOccurrences(of: "\n", with: " ")
        } else if let refused = PostgresConnectFailure.explain(psql) {
            cause = refused
        } else if let underlying = psql.underlying {
            cause = "\(psql.code): \(underlying)".replacingOccurrences(of: "\n", with: " ")
        } else {
            cause = "\(psql.code)"
        }
    }

    /// The connection is gone (the server restarted or dropped it): another connection may do.
    static func isConnectionLost(_ error: any Error) -> Bool {
        guard let psql = error as? PSQLError else { return false }
        let lost: [PSQLError.Code] = [.serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown]
        if lost.contains(psql.code) { return true }
        // The server's last word before it closes: an administrator or a shutdown ended the session
        // (57P01-57P03), or the connection itself failed (class 08).
        guard psql.code == .server, let state = psql.serverInfo?[.sqlState] else { return false }
        return state.hasPrefix("57P0") || state.hasPrefix("08")
    }
}
