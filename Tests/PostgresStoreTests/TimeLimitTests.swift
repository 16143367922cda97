import Foundation
@testable import PostgresStore
import Synchronization
import TestSupport
import Testing

/// A server that stops answering makes a call fail, naming the server, within the store's time
/// limit: no daemon thread waits for it for good. So does a server that accepts a connection and
/// never answers it, and a pool whose connections are all busy.
@Suite struct TimeLimitTests {
    @Test func aStoppedServerBackendFailsTheCallInsteadOfHangingIt() throws {
        let server = try PostgresServer.shared()
        let url = try server.makeDatabase("stalled")
        let database = try #require(URLComponents(string: url)?.path.dropFirst()).description
        let store = try Self.storeWithShortLimit(url)
        _ = try store.allFeedStates()
        let backends = try server.psql("""
            SELECT pid FROM pg_stat_activity WHERE datname = '\(database)' AND pid <> pg_backend_pid()
            """, database: database).split(separator: "\n").compactMap { pid_t($0.trimmingCharacters(in: .whitespaces)) }
        try #require(!backends.isEmpty)
        for pid in backends { kill(pid, SIGSTOP) }
        defer { for pid in backends { kill(pid, SIGCONT) } }
        let failure = #expect(throws: PostgresStoreError.self) { try store.allFeedStates() }
        #expect(failure?.description.contains(store.server) == true)
        #expect(failure?.description.contains("no answer") == true)
    }

    /// A listener that takes the connection and says nothing (a hung server, a firewall that accepts):
    /// the new connection fails within the time limit, in one line naming the server, without the password.
    @Test func aServerThatNeverAnswersANewConnectionFailsItWithinTheLimit() throws {
        let hole = try BlackHole()
        defer { hole.close() }
        let url = "postgres://watch:hunter2@127.0.0.1:\(hole.port)/news"
        let outcome = try #require(try finished(within: 60) {
            try PostgresStore(url: url, owner: "a", logger: quietLogger, timeLimit: 2, home: TestHome.empty)
        }, "opening the store still waits 60 s after a time limit of 2 s")
        #expect(hole.connections >= 1)
        let error = #expect(throws: PostgresStoreError.self) { try outcome.get() }
        let text = String(describing: try #require(error))
        #expect(text == "postgres 127.0.0.1:\(hole.port) database news: no answer to a new connection in 2 s", "\(text)")
    }

    /// Every pooled connection held by a caller that does not give it back in time (a long transaction, a
    /// stalled thread): the next caller fails within the time limit, saying so, and the store goes on once they are back.
    @Test func aCallerFindingEveryConnectionBusyFailsWithinTheLimit() throws {
        let server = try PostgresServer.shared()
        let store = try Self.storeWithShortLimit(try server.makeDatabase("busy"))
        let holding = Atomic<Int>(0)
        let release = DispatchSemaphore(value: 0)
        let holders = DispatchGroup()
        for _ in 0..<PostgresStore.poolSize {
            holders.enter()
            Thread.detachNewThread {
                try? store.connections.withSession { s in
                    try s.run("SELECT 1")
                    holding.add(1, ordering: .relaxed)
                    release.wait()
                }
                holders.leave()
            }
        }
        defer {
            for _ in 0..<PostgresStore.poolSize { release.signal() }
            holders.wait()
        }
        let deadline = Date(timeIntervalSinceNow: 60)
        while holding.load(ordering: .relaxed) < PostgresStore.poolSize, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        try #require(holding.load(ordering: .relaxed) == PostgresStore.poolSize)

        let outcome = try #require(try finished(within: 60) { try store.allFeedStates() },
                                   "a caller still waits for a connection 60 s after a time limit of 2 s")
        let error = #expect(throws: PostgresStoreError.self) { try outcome.get() }
        #expect(String(describing: try #require(error)) == "\(store.server): no connection free for 2 s (all 4 busy)")

        for _ in 0..<PostgresStore.poolSize { release.signal() }
        holders.wait()
        #expect(try store.allFeedStates().isEmpty)
    }

    /// A store with a time limit of 2 s on a database whose schema was made under the default limit: the
    /// forty-odd statements of a new schema took longer than 2 s on a loaded machine, and the set-up failed
    /// before the test began.
    static func storeWithShortLimit(_ url: String) throws -> PostgresStore {
        _ = try PostgresStore(url: url, owner: "setup", logger: quietLogger)
        return try PostgresStore(url: url, owner: "a", logger: quietLogger, timeLimit: 2)
    }
}
