import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// A small pool of connections behind a lock and a condition. A caller takes one for a statement
/// or a transaction and gives it back; when all are taken it waits. A connection the server closed
/// is dropped and a new one opened on the next use.
final class PostgresConnections: @unchecked Sendable {
    let server: String
    let size: Int
    /// How long a call waits for a statement's answer, a new connection or a free one.
    let limit: TimeInterval
    private let configuration: PostgresConnection.Configuration
    /// The TLS asked for, and the host it is checked against; nil over a Unix socket.
    private let tls: PostgresTLS?
    private let host: String
    private let port: Int
    private let logger: Logger
    private let condition = NSCondition()
    private var idle: [PostgresConnection] = []
    private var open = 0
    private var nextID = 0
    private var closed = false

    init(url: PostgresURL, size: Int, limit: TimeInterval, logger: Logger) {
        server = url.server
        self.limit = limit
        var configuration = url.configuration
        // The server ends a statement or an idle transaction before the client gives up waiting,
        // so its own error, not a bare timeout, is what the caller usually sees.
        let serverLimit = "\(max(1, Int(limit * 1000 * 2 / 3)))ms"
        configuration.options.additionalStartupParameters += [
            ("statement_timeout", serverLimit), ("idle_in_transaction_session_timeout", serverLimit),
        ]
        self.configuration = configuration
        tls = url.tls
        host = url.host ?? ""
        port = url.port
        self.size = max(1, size)
        self.logger = logger
    }

    /// Runs `body` on one connection. A connection found lost at `body`'s first statement (a pooled
    /// connection the server dropped while it sat idle) is dropped and `body` runs again on another.
    /// A restarted server leaves a lost connection in every idle slot, so as many tries as the
    /// pool has connections, and one more on a new one. Lost later, the work may have committed
    /// (a COMMIT whose answer never came): it is not run again, the caller gets the error.
    @discardableResult
    func withSession<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        // Waiting for a future on an event-loop thread traps in NIO (release builds too): refuse instead.
        guard MultiThreadedEventLoopGroup.currentEventLoop == nil else {
            throw PostgresStoreError(server: server, cause: "called on a NIO event loop, where waiting would stall it")
        }
        var tries = 0
        while true {
            let connection = try checkOut()
            let session = PostgresSession(connection: connection, logger: logger, server: server, limit: limit)
            do {
                let value = try body(session)
                checkIn(connection, keep: !session.abandoned)
                return value
            } catch let failure as PostgresSession.Failure {
                let lost = failure.lost
                checkIn(connection, keep: !lost && !session.abandoned)
                tries += 1
                if lost && failure.first && tries <= size { continue }
                throw PostgresStoreError(server: server, failure.underlying)
            } catch let decoding as PostgresDecodingError {
                checkIn(connection, keep: !session.abandoned)
                throw PostgresStoreError(server: server, cause: "a column not as this wirewatch expects: \(decoding.code) in \(decoding.columnName)")
            } catch {
                checkIn(connection, keep: !session.abandoned)
                throw error
            }
        }
    }

    /// `body` inside BEGIN … COMMIT on one connection; rolled back when it throws.
    @discardableResult
    func transaction<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        try withSession { session in
            try session.run("BEGIN")
            do {
                let value = try body(session)
                try session.run("COMMIT")
                return value
            } catch {
                // A failed ROLLBACK leaves the connection unusable: close it, the pool opens another.
                do { try session.run("ROLLBACK") } catch { session.abandon() }
                throw error
            }
        }
    }

    func close() {
        condition.lock()
        closed = true
        let connections = idle
        idle = []
        open -= connections.count
        condition.unlock()
        for connection in connections { let closing: EventLoopFuture<Void> = connection.close(); try? closing.wait() }
    }

    private func checkOut() throws -> PostgresConnection {
        let deadline = Date(timeIntervalSinceNow: limit)
        condition.lock()
        while true {
            if closed { condition.unlock(); throw PostgresStoreError(server: server, cause: "the store is closed") }
            if let connection = idle.popLast() {
                if connection.isClosed { open -= 1; continue }
                condition.unlock()
                return connection
            }
            if open < size { break }
            guard condition.wait(until: deadline) else {
                condition.unlock()
                throw PostgresStoreError(server: server, cause: "no connection free for \(Int(limit)) s (all \(size) busy)")
            }
        }
        open += 1
        nextID += 1
        let id = nextID
        condition.unlock()
        do {
            do {
                return try connect(configuration, id: id)
            } catch let failed where tls?.retriesWithoutTLS(after: failed) == true {
                // sslmode=prefer, as libpq: a connection that failed over TLS is tried once more
                // without. When that fails too, both causes are said: the first is often the real
                // one (a wrong password, a missing role), the second only "no encryption".
                logger.debug("TLS to the store failed, trying without", metadata: ["error": "\(cause(of: failed))"])
                var plain = configuration
                plain.tls = .disable
                do { return try connect(plain, id: id) } catch {
                    throw PostgresStoreError(server: server, cause: "over TLS: \(cause(of: failed)); without TLS: \(cause(of: error))")
                }
            }
        } catch {
            condition.lock()
            open -= 1
            condition.signal()
            condition.unlock()
            throw PostgresStoreError(server: server, cause: cause(of: error))
        }
    }

    /// Why a new connection failed, in words: TLS's part explained when it is the reason.
    private func cause(of error: any Error) -> String {
        tls?.explain(error, host: host, presented: { [host, port, limit] in PostgresTLS.presentedChain(host: host, port: port, limit: limit) })
            ?? PostgresStoreError(server: server, error).cause
    }

    private func connect(_ configuration: PostgresConnection.Configuration, id: Int) throws -> PostgresConnection {
        let connecting = PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration,
                                                    id: id, logger: logger)
        guard let connection = try PostgresAnswer.wait(for: connecting, limit: limit) else {
            // Connected later, it is closed at once.
            connecting.whenSuccess { Self.abandon($0) }
            throw PostgresStoreError(server: server, cause: "no answer to a new connection in \(Int(limit)) s")
        }
        return connection
    }

    private func checkIn(_ connection: PostgresConnection, keep: Bool) {
        condition.lock()
        if !keep || connection.isClosed || closed {
            open -= 1
            if !connection.isClosed { Self.abandon(connection) }
        } else {
            idle.append(connection)
        }
        condition.signal()
        condition.unlock()
    }

    /// Closes `connection` without waiting (the future-returning close, not the async one). The
    /// callback holds the connection until it is closed: postgres-nio traps on a connection
    /// released while still open.
    static func abandon(_ connection: PostgresConnection) {
        let closing: EventLoopFuture<Void> = connection.close()
        closing.whenComplete { _ in withExtendedLifetime(connection) {} }
    }
}
