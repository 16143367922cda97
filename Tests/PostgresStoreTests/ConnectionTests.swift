import Foundation
import PostgresStore
import Store
import TestSupport
import Testing
import WirewatchCore

/// The store's connection to its server: URL forms, one-line errors without the password, a
/// connection the server dropped replaced, daemons starting together migrating once.
@Suite struct ConnectionTests {
    @Test func anUnreachableServerIsOneLineNamingItWithoutThePassword() throws {
        let missing = try makeTemporaryDirectory("no-server").path
        let error = #expect(throws: PostgresStoreError.self) {
            try PostgresStore(url: "postgresql://watch:hunter2@localhost/news?host=\(missing)", owner: "a", logger: quietLogger)
        }
        let text = String(describing: try #require(error))
        #expect(text.hasPrefix("postgres \(missing) port 5432 database news: "))
        #expect(!text.contains("hunter2") && !text.contains("\n"))

        let refused = #expect(throws: PostgresStoreError.self) {
            try PostgresStore(url: "postgres://watch:hunter2@127.0.0.1:1/news", owner: "a", logger: quietLogger, home: TestHome.empty)
        }
        let refusedText = String(describing: try #require(refused))
        #expect(refusedText.hasPrefix("postgres 127.0.0.1:1 database news: "))
        #expect(!refusedText.contains("hunter2"))
    }

    @Test func aURLThatIsNotPostgresIsRefusedWithoutItsPassword() throws {
        let error = #expect(throws: PostgresStoreError.self) {
            try PostgresStore(url: "mysql://watch:hunter2@db/news", owner: "a", logger: quietLogger)
        }
        let text = String(describing: try #require(error))
        #expect(text.contains("not a PostgreSQL URL") && !text.contains("hunter2"))
    }

    /// A password with a '#', '/' or '?' makes the URL unreadable; the error never shows it.
    @Test(arguments: ["postgres://watch:pa#ss@db/news", "postgres://watch:pa/ss@db/news", "postgresql://watch:pa?ss@db/news",
                      "postgres://watch:12#34@db/news", "postgres://watch:12/34@db/news", "postgres://watch:?ss@db/news",
                      "postgres://watch:/ss@db/news"])
    func anUnreadableURLIsRefusedWithoutItsPassword(_ url: String) throws {
        let error = #expect(throws: PostgresStoreError.self) { try PostgresStore(url: url, owner: "a", logger: quietLogger) }
        let text = String(describing: try #require(error))
        #expect(text.hasPrefix(url.hasPrefix("postgresql") ? "postgresql://[redacted]@db/news: " : "postgres://[redacted]@db/news: "))
        #expect(text.contains("percent-encode the user and password"))
        let password = url.components(separatedBy: "watch:")[1].components(separatedBy: "@")[0]
        #expect(!text.contains(password) && !text.contains("watch"))
    }

    @Test func aMissingDatabaseIsNamedWithTheServersReason() throws {
        let server = try PostgresServer.shared()
        let error = #expect(throws: PostgresStoreError.self) {
            try PostgresStore(url: server.url(database: "no_such_db"), owner: "a", logger: quietLogger)
        }
        let text = String(describing: try #require(error))
        #expect(text.contains("database no_such_db: ") && text.contains("does not exist") && text.contains("3D000"))
    }

    @Test func aConnectionTheServerDroppedIsReplaced() throws {
        let server = try PostgresServer.shared()
        let url = try server.makeDatabase("dropped")
        let store = try PostgresStore(url: url, owner: "a", logger: quietLogger)
        try store.save(FeedState(feed: FeedID("f"), url: "http://f"))
        let database = try #require(URLComponents(string: url)?.path.dropFirst()).description
        // Several connections of the pool open and idle (on a loaded machine the calls may not
        // overlap at first, and one connection serves them all: asked again until they do)…
        let others = "SELECT count(*) FROM pg_stat_activity WHERE datname = '\(database)' AND pid <> pg_backend_pid()"
        let deadline = Date().addingTimeInterval(30)
        repeat {
            DispatchQueue.concurrentPerform(iterations: 8) { _ in _ = try? store.allFeedStates() }
        } while Int(try server.psql(others, database: database).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 < 2
            && Date() < deadline
        // …then killed by the server (as a restart or an idle timeout does).
        let killed = try server.psql("""
            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '\(database)' AND pid <> pg_backend_pid()
            """, database: database)
        #expect(Int(killed.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 >= 2)
        #expect(try store.allFeedStates().map(\.feed) == [FeedID("f")])
        try store.save(FeedState(feed: FeedID("g"), url: "http://g"))
        #expect(try store.allFeedStates().count == 2)
    }

    @Test func daemonsStartingTogetherMigrateOnce() async throws {
        let server = try PostgresServer.shared()
        let url = try server.makeDatabase("together")
        let owners = (0..<4).map { "daemon-\($0)" }
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for owner in owners {
                group.addTask { try await Task.detached { try PostgresStore(url: url, owner: owner, logger: quietLogger) }.value }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(stores.count == 4)
        let database = try #require(URLComponents(string: url)?.path.dropFirst()).description
        #expect(try server.psql("SELECT string_agg(version, ',' ORDER BY version) FROM wirewatch_schema", database: database)
                    .trimmingCharacters(in: .whitespacesAndNewlines) == "daemon_presence,daemon_process,deliver_last_attempt,deliver_sink_state,feed_state_unjudged,hold_receiver,schedule_server_hint,seen_item_backlog,seen_item_judged,sink_hold,story_body_title,v1")
        // And a store opened later finds the schema there.
        _ = try PostgresStore(url: url, owner: "late", logger: quietLogger)
    }

    /// The daemon calls the store from Swift concurrency's small cooperative pool: many tasks at once
    /// wait for the four connections, and for their queries, without starving each other of threads.
    /// The limit catches a deadlock; it counts the private server's start when this test is the first to ask (tens of seconds at load 18).
    @Test(.timeLimit(.minutes(3))) func manyTasksAtOnceShareTheConnections() async throws {
        let url = try PostgresServer.shared().makeDatabase("crowd")
        let store = try PostgresStore(url: url, owner: "a", logger: quietLogger)
        let t0 = StoreUnderTest.t0
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<32 {
                group.addTask {
                    let feed = FeedID("f\(n)")
                    try store.commit(ArticleBatch(state: FeedState(feed: feed, url: "http://f"), items: [
                        .init(article: Article(key: "k", feed: feed, title: "t"),
                              alerts: [OutboxAlert(record: StoreUnderTest.record("alert-\(n)", feed: feed.rawValue), sinks: ["log"])]),
                    ]), now: t0)
                    _ = try store.dueDeliveries(sink: "log", now: t0, limit: 5)
                }
            }
            try await group.waitForAll()
        }
        #expect(try store.allFeedStates().count == 32)
        #expect(try store.pendingDeliveries() == 32)
    }

    /// The DBA migrated with an owner role; the daemons' role may read and write the tables but not
    /// create any, and starts all the same.
    @Test func aRoleWithoutCreateStartsOnAMigratedStore() throws {
        let server = try PostgresServer.shared()
        let url = try server.makeDatabase("clerk")
        let database = try #require(URLComponents(string: url)?.path.dropFirst()).description
        _ = try PostgresStore(url: url, owner: "owner", logger: quietLogger)
        let role = "clerk_\(UUID().uuidString.prefix(8).lowercased())"
        try server.psql("""
            CREATE ROLE \(role) LOGIN; REVOKE CREATE ON SCHEMA public FROM PUBLIC;
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \(role);
            GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO \(role)
            """, database: database)
        let clerkURL = url.replacingOccurrences(of: "//\(server.user)@", with: "//\(role)@")
        let daemon = try PostgresStore(url: clerkURL, owner: "daemon", logger: quietLogger)
        try daemon.save(FeedState(feed: FeedID("f"), url: "http://f"))
        #expect(try daemon.allFeedStates().map(\.feed) == [FeedID("f")])
        // It really lacks CREATE: the test would pass for the wrong reason otherwise.
        let empty = try server.makeDatabase("empty").replacingOccurrences(of: "//\(server.user)@", with: "//\(role)@")
        let refused = #expect(throws: PostgresStoreError.self) { try PostgresStore(url: empty, owner: "daemon", logger: quietLogger) }
        #expect(String(describing: try #require(refused)).contains("permission denied"))
    }

    /// A tool beside the daemons opens the store without creating or migrating it.
    @Test func aToolFindsTheStoreOrSaysThereIsNoneYet() throws {
        let url = try PostgresServer.shared().makeDatabase("tool")
        let error = #expect(throws: PostgresStoreError.self) { try PostgresStore.existing(url: url, owner: "cli", logger: quietLogger) }
        #expect(String(describing: try #require(error)).hasSuffix("no wirewatch store in this database yet; 'wirewatch run' creates it when it first starts"))
        let daemon = try PostgresStore(url: url, owner: "daemon", logger: quietLogger)
        try daemon.save(FeedState(feed: FeedID("f"), url: "http://f"))
        let tool = try PostgresStore.existing(url: url, owner: "cli", logger: quietLogger)
        #expect(try tool.allFeedStates().map(\.feed) == [FeedID("f")])
    }
}
