import Foundation
import PostgresStore
import TestSupport
import Testing

/// A server that stops answering makes a call fail, naming the server, within the store's time
/// limit: no daemon thread waits for it for good.
@Suite struct TimeLimitTests {
    @Test func aStoppedServerBackendFailsTheCallInsteadOfHangingIt() throws {
        let server = try PostgresServer.shared()
        let url = try server.makeDatabase("stalled")
        let database = try #require(URLComponents(string: url)?.path.dropFirst()).description
        let store = try PostgresStore(url: url, owner: "a", logger: quietLogger, timeLimit: 2)
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
}
