import Foundation
import Logging
import PostgresNIO

/// One pooled connection, used synchronously: every query is postgres-nio's EventLoopFuture, waited
/// for on the calling thread. The future completes on NIO's own event-loop threads, so waiting never
/// needs a thread of Swift concurrency's cooperative pool (where waiting for a `Task` would deadlock it).
struct PostgresSession {
    let connection: PostgresConnection
    let logger: Logger
    let server: String

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
        do { return try connection.query(query, logger: logger).wait() } catch { throw Failure(error) }
    }

    /// A query's error, kept as postgres-nio raised it until the pool decides whether the
    /// connection is lost; the store reports it as a `PostgresStoreError`.
    struct Failure: Error { var underlying: any Error; init(_ e: any Error) { underlying = e } }
}

extension PostgresRandomAccessRow {
    /// The column `name` as `T` (an optional `T` for a nullable column).
    func get<T: PostgresDecodable>(_ name: String, as: T.Type = T.self) throws -> T {
        try self[name].decode(T.self)
    }
}
