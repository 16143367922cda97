import Foundation
import GRDB
import Testing
import TestSupport
import WirewatchCore
@testable import Store

/// An operator upgrades: the daemon starts on a store an older wirewatch left, whose seen entries have
/// no content hash. The entries its feed still lists are not judged again (no backlog of alerts), their
/// hashes are filled in; an entry edited afterwards is judged again and alerts once, as the same article.
@Suite struct EditedEntryUpgradeTests {
    @Test func anUpgradeRaisesNothingOnOldEntriesAndALaterEditAlertsOnce() async throws {
        let desk = NewsDesk()
        desk.publish(.init(guid: "old-match", title: "DeepSeek distillation", body: "<p>DeepSeek used knowledge distillation.</p>"),
                     on: "/desk.xml")
        desk.publish(.init(guid: "old-quiet", title: "Markets", body: "<p>Shares rose in early trading.</p>"), on: "/desk.xml")
        let server = try await LoopbackHTTPServer { desk.respond($0) }
        defer { Task { await server.shutdown() } }
        let install = try DaemonInstall(feeds: [("desk", "\(server.baseURL)/desk.xml")])

        // The store as the previous version left it after polling both entries.
        try FileManager.default.createDirectory(atPath: (install.storePath as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        do {
            let old = try DatabaseQueue(path: install.storePath)
            try StoreSchema.migrator.migrate(old, upTo: "v4-story-throttles")
            try await old.write { db in
                let then = Date().addingTimeInterval(-3600)
                try db.execute(sql: "INSERT INTO feed_state (feed, url, articles_seen) VALUES ('desk', ?, 2)",
                               arguments: ["\(server.baseURL)/desk.xml"])
                for key in ["old-match", "old-quiet"] {
                    try db.execute(sql: "INSERT INTO seen_item (feed, item_key, first_seen, last_seen) VALUES ('desk', ?, ?, ?)",
                                   arguments: [key, then, then])
                }
            }
            try old.close()
        }

        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually { (try? Self.hashes(install)).map { $0.count == 2 && $0.allSatisfy { $0 != nil } } == true },
                "\(daemon.stderr)")
        // A few more polls: still nothing re-judged.
        let polled = server.requests.count
        #expect(await eventually { server.requests.count >= polled + 2 })
        #expect(install.lines().isEmpty, "\(install.lines())")

        desk.edit(guid: "old-quiet", on: "/desk.xml",
                  body: "<p>Shares rose in early trading.</p><p>Update: DeepSeek says it used knowledge distillation.</p>")
        #expect(await eventually { install.lines().count == 1 }, "\(daemon.stderr)")
        let after = server.requests.count
        #expect(await eventually { server.requests.count >= after + 2 })
        let lines = install.lines()
        #expect(lines.count == 1, "\(lines)")
        let record = try AlertRecord.decode(line: Data(try #require(lines.first).utf8))
        #expect(record.revision == 1)
        #expect(record.article.id == Article(key: "old-quiet", feed: FeedID("desk"), title: "").id)
        #expect(lines.first?.contains("\"revision\":1") == true)

        let (status, json, _) = try await ChildProcess.run(["feeds", "--json", "--config", install.configPath])
        #expect(status == 0)
        #expect(json.contains("\"entriesEdited\" : 1") || json.contains("\"entriesEdited\":1"), "\(json)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)
    }

    /// The content hash of each seen entry of the feed.
    static func hashes(_ install: DaemonInstall) throws -> [String?] {
        let db = try DatabaseQueue(path: install.storePath, configuration: { var c = Configuration(); c.readonly = true; return c }())
        defer { try? db.close() }
        return try db.read { db in
            guard try db.columns(in: "seen_item").contains(where: { $0.name == "content_hash" }) else { return [] }
            return try String?.fetchAll(db, sql: "SELECT content_hash FROM seen_item WHERE feed = 'desk'")
        }
    }
}
