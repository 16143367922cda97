import Foundation
import PostgresStore
import TestSupport
import Testing

/// A server that answers every read and refuses every save (a standby after a failover, or
/// `default_transaction_read_only`) fails the store's probe, which `/readyz` asks: before, the probe's
/// SELECT succeeded and the daemon said it was ready while every poll's commit failed.
@Suite struct ReadOnlyServerTests {
    @Test func aDatabaseThatTakesNoWritesFailsTheProbe() async throws {
        let server = try PostgresServer.shared()
        let url = try server.makeDatabase("readonly")
        let database = try #require(URLComponents(string: url)?.path.dropFirst()).description
        let store = try PostgresStore(url: url, owner: "a", logger: quietLogger)
        try store.probe()
        // New sessions take the setting; the store's own are ended, and it opens new ones.
        _ = try server.psql("""
            ALTER DATABASE "\(database)" SET default_transaction_read_only = on;
            SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname = '\(database)';
            """, database: "postgres")
        var said = ""
        let failed = await eventually(timeout: 60) {
            do { try store.probe(); return false } catch { said = "\(error)"; return said.contains("takes no writes") }
        }
        #expect(failed, "the probe last said: \(said)")
        #expect(said.hasSuffix("the server takes no writes in this session (transaction_read_only is on: default_transaction_read_only for the database or role)"), "\(said)")

        _ = try server.psql("""
            ALTER DATABASE "\(database)" RESET default_transaction_read_only;
            SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname = '\(database)';
            """, database: "postgres")
        #expect(await eventually(timeout: 60) { (try? store.probe()) != nil })
    }
}
