import Foundation
import PostgresStore
import Store
import Synchronization
import TestSupport
import Testing
import WirewatchCore

/// A connection lost in the middle of a transaction: its work may have committed (a COMMIT whose
/// answer never came), so the store reports the failure rather than running the work again.
@Suite struct LostConnectionTests {
    /// Ends the session it runs in the first time it is asked, as a server restart would.
    final class SessionEndingAdmission: OutboxAdmission, Sendable {
        let server: PostgresServer
        let database: String
        let calls = Mutex(0)
        init(server: PostgresServer, database: String) { self.server = server; self.database = database }
        func admit(_ candidate: OutboxAlert, ledger: any OutboxLedger, now: Date) throws -> OutboxAlert? {
            let call = calls.withLock { $0 += 1; return $0 }
            if call == 1 {
                // The timeout argument waits until the backend has gone.
                _ = try server.psql("""
                    SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity
                    WHERE datname = '\(database)' AND pid <> pg_backend_pid()
                    """, database: database)
            }
            return candidate
        }
    }

    @Test func workWhoseConnectionWasLostMidwayIsNotRunAgain() throws {
        let server = try PostgresServer.shared()
        let url = try server.makeDatabase("midway")
        let database = try #require(URLComponents(string: url)?.path.dropFirst()).description
        let store = try PostgresStore(url: url, owner: "a", logger: quietLogger, timeLimit: 20)
        let admission = SessionEndingAdmission(server: server, database: database)
        let feed = FeedID("f")
        let batch = ArticleBatch(state: FeedState(feed: feed, url: "http://f"), items: [
            .init(article: Article(key: "k", feed: feed, title: "t"),
                  alerts: [OutboxAlert(record: StoreUnderTest.record("alert-k"), sinks: ["log"])]),
        ])
        // On a thread of its own with a deadline: a commit that hangs fails this test, not the suite.
        let outcome = try #require(try finished(within: 60) {
            try store.commit(batch, now: StoreUnderTest.t0, admission: admission)
        }, "the commit still waits 60 s after its connection was ended")
        #expect(throws: PostgresStoreError.self) { try outcome.get() }
        #expect(admission.calls.withLock { $0 } == 1)
        // The store goes on with a new connection.
        #expect(try store.allFeedStates().isEmpty)
    }
}
