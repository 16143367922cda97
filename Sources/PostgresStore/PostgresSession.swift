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
    /// Statements sent so far: only a failure of the first may be retried on another connection.
    private var sent = 0

    init(connection: PostgresConnection, logger: Logger, server: String) {
        self.connection = connection
        self.logger = logger
        self.server = server
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
        do { return try connection.query(query, logger: logger).wait() } catch { throw Failure(error, first: first) }
    }

    /// A query's error, kept as postgres-nio raised it until the pool decides whether the
    /// connection is lost; the store reports it as a `PostgresStoreError`.
    struct Failure: Error {
        var underlying: any Error
        /// The session's first statement failed: nothing of it can have reached the server's tables,
        /// so it may run again elsewhere. A later one may have committed (a COMMIT whose answer was lost).
        var first: Bool
        init(_ e: any Error, first: Bool) { underlying = e; self.first = first }
    }
}

extension PostgresRandomAccessRow {
    /// The column `name` as `T` (an optional `T` for a nullable column).
    func get<T: PostgresDecodable>(_ name: String, as: T.Type = T.self) throws -> T {
        try self[name].decode(T.self)
    }
}
