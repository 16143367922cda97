import Foundation
import Logging
import PostgresNIO

/// One pooled connection, used synchronously: every query is postgres-nio's EventLoopFuture, waited
/// for on the calling thread. The future completes on NIO's own event-loop threads, so waiting never
/// needs a thread of Swift concurrency's cooperative pool (where waiting for a `Task` would deadlock it).
final class PostgresSession {
    let connection: PostgresConnection
    let logger: Logger
    let server: String
    /// How long a statement's answer is waited for before the connection is given up.
    let limit: TimeInterval
    /// Statements sent so far: only a failure of the first may be retried on another connection.
    private var sent = 0
    /// Closed for good (mid-transaction or mid-statement): never back to the pool, even while its close is under way.
    private(set) var abandoned = false

    init(connection: PostgresConnection, logger: Logger, server: String, limit: TimeInterval) {
        self.connection = connection
        self.limit = limit
        self.logger = logger
        self.server = server
    }

    /// Closes the connection without waiting; the pool drops it.
    func abandon() {
        guard !abandoned else { return }
        abandoned = true
        PostgresConnections.abandon(connection)
    }

    /// The rows `query` returns.
    func rows(_ query: PostgresQuery) throws -> [PostgresRandomAccessRow] {
        try result(query).rows.map { $0.makeRandomAccess() }
    }

    /// Runs `query`; returns how many rows it inserted, updated or deleted.
    @discardableResult
    func run(_ query: PostgresQuery) throws -> Int {
        try result(query).metadata.rows ?? 0
    }

    private func result(_ query: PostgresQuery) throws -> PostgresQueryResult {
        sent += 1
        let first = sent == 1
        // A query written to a closed channel is dropped and never answered: refuse it here.
        guard !abandoned, !connection.isClosed else { 
            throw Failure(PostgresStoreError(server: server, cause: "the connection was closed"), first: first, lost: true)
        }
        let answer: PostgresQueryResult?
        do { answer = try PostgresAnswer.wait(for: connection.query(query, logger: logger), limit: limit) } catch {
            throw Failure(error, first: first)
        }
        guard let answer else {
            // The connection may be mid-statement: it never goes back to the pool. The statement reached
            // the server, which may still run it (a stopped backend resumed): it is never run again.
            abandon()
            throw Failure(PostgresStoreError(server: server, cause: "no answer from the server in \(Int(limit)) s"),
                          first: false, lost: true)
        }
        return answer
    }

    /// A query's error, kept as postgres-nio raised it until the pool decides whether the
    /// connection is lost; the store reports it as a `PostgresStoreError`.
    struct Failure: Error {
        var underlying: any Error
        /// The session's first statement failed: nothing of it can have reached the server's tables,
        /// so it may run again elsewhere. A later one may have committed (a COMMIT whose answer was lost).
        var first: Bool
        /// The connection cannot be used again.
        var lost: Bool
        init(_ e: any Error, first: Bool, lost: Bool? = nil) {
            underlying = e
            self.first = first
            self.lost = lost ?? PostgresStoreError.isConnectionLost(e)
        }
    }
}

extension PostgresRandomAccessRow {
    /// The column `name` as `T` (an optional `T` for a nullable column).
    func get<T: PostgresDecodable>(_ name: String, as: T.Type = T.self) throws -> T {
        try self[name].decode(T.self)
    }
}
