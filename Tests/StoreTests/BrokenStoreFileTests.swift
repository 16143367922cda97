import Foundation
import GRDB
import Testing
import TestSupport
@testable import Store

/// A file that is an SQLite database but not a usable wirewatch store is refused at open, by the daemon and
/// by the commands beside it, with one line naming the file and what is wrong, and left byte for byte as it
/// was. Before, the daemon opened it, said it was ready and failed every poll and delivery, every second
/// (trial finding 28).
@Suite struct BrokenStoreFileTests {
    /// A store of this wirewatch with one poll in it, closed: every table has a page of its own.
    static func wholeStore() throws -> String {
        let file = try StoreFile()
        try file.poll("f", fresh: ["a", "b"], alerts: true, at: StoreFile.start)
        return file.path
    }

    static func expectRefused(_ path: String, saying problem: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for open in [{ _ = try SQLiteStore(path: path) }, { _ = try SQLiteStore.existing(path: path, readOnly: true) },
                     { _ = try SQLiteStore.existing(path: path, readOnly: false) }] {
            let error = #expect(throws: BrokenStore.self, sourceLocation: sourceLocation) { try open() }
            let said = error.map(String.init(describing:)) ?? ""
            #expect(said.hasPrefix("\(path): not a usable wirewatch store: \(problem)"), "\(said)", sourceLocation: sourceLocation)
            #expect(!said.contains("\n"), sourceLocation: sourceLocation)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "the file was written to", sourceLocation: sourceLocation)
    }

    @Test func aStoreWhoseTableWasDroppedIsRefused() throws {
        let path = try Self.wholeStore()
        try DatabaseQueue(path: path).write { try $0.execute(sql: "DROP TABLE sink_hold; DROP TABLE host_hold") }
        try Self.expectRefused(path, saying: "tables its migrations made are gone (host_hold, sink_hold)")
    }

    @Test func aStoreWhoseColumnWasDroppedIsRefused() throws {
        let path = try Self.wholeStore()
        try DatabaseQueue(path: path).write { try $0.execute(sql: "ALTER TABLE seen_item DROP COLUMN raw_hash") }
        try Self.expectRefused(path, saying: "table seen_item lacks the column raw_hash its migrations made")
    }

    @Test func anotherProgramsDatabaseIsRefused() throws {
        let dir = try makeTemporaryDirectory("store").appendingPathComponent("in")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("state.sqlite").path
        try DatabaseQueue(path: path).write { try $0.execute(sql: "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine')") }
        try Self.expectRefused(path, saying: "it holds tables of another kind (notes) and no record of wirewatch's migrations")
    }

    /// Any program built on GRDB keeps a grdb_migrations table: its names, not the table, make a store.
    @Test func anotherGRDBProgramsDatabaseIsRefused() throws {
        let dir = try makeTemporaryDirectory("store").appendingPathComponent("in")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("state.sqlite").path
        try DatabaseQueue(path: path).write { try $0.execute(sql: """
            CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY); INSERT INTO grdb_migrations VALUES ('createUsers');
            CREATE TABLE users (id INTEGER PRIMARY KEY)
            """) }
        try Self.expectRefused(path, saying: "it holds tables of another kind (users) and no record of wirewatch's migrations")
        try DatabaseQueue(path: path).write { try $0.execute(sql: "DROP TABLE users") }
        try Self.expectRefused(path, saying: "its migrations are another program's (createUsers), none of them wirewatch's")
    }

    @Test func aMalformedSchemaIsRefused() throws {
        let path = try Self.wholeStore()
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(sql: "UPDATE sqlite_master SET sql = 'CREATE TABLE sink_hold (' WHERE name = 'sink_hold'")
        }
        try Self.expectRefused(path, saying: "SQLite cannot read")
    }

    @Test func aFileCutShortIsRefused() throws {
        let path = try Self.wholeStore()
        // The first page only: the schema is there, the tables' pages are not.
        #expect(truncate(path, 4096) == 0)
        // Which page SQLite misses first (the migrations' record, or a table's) is its own affair.
        try Self.expectRefused(path, saying: "")
        let error = #expect(throws: BrokenStore.self) { try SQLiteStore(path: path) }
        #expect(error?.problem.hasSuffix("(SQLite error 11: database disk image is malformed)") == true, "\(String(describing: error))")
    }

    @Test func anEmptyFileIsANewStoreAndAStoreAtAnOlderVersionIsUpgraded() throws {
        let dir = try makeTemporaryDirectory("store").appendingPathComponent("in")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let empty = dir.appendingPathComponent("empty.sqlite").path
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        let refusal = #expect(throws: SQLiteStore.OutdatedStore.self) { try SQLiteStore.existing(path: empty, readOnly: true) }
        #expect(refusal?.description == "\(empty): no wirewatch store in this file yet; 'wirewatch run' creates it when it first starts")
        _ = try SQLiteStore(path: empty)
        _ = try SQLiteStore.existing(path: empty, readOnly: true)

        let older = dir.appendingPathComponent("older.sqlite").path
        try StoreSchema.migrator.migrate(DatabasePool(path: older), upTo: "v2-scheduler")
        #expect(throws: SQLiteStore.OutdatedStore.self) { try SQLiteStore.existing(path: older, readOnly: true) }
        _ = try SQLiteStore(path: older)
        _ = try SQLiteStore.existing(path: older, readOnly: true)
    }

    @Test func aStoreAtAnOlderVersionMissingOneOfItsTablesIsRefused() throws {
        let dir = try makeTemporaryDirectory("store").appendingPathComponent("in")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("older.sqlite").path
        do {
            let old = try DatabasePool(path: path)
            try StoreSchema.migrator.migrate(old, upTo: "v2-scheduler")
            try old.write { try $0.execute(sql: "DROP TABLE feed_schedule") }
        }
        try Self.expectRefused(path, saying: "a table its migrations made is gone (feed_schedule)")
    }

    @Test func theProbeFailsOnceATableIsDropped() throws {
        let file = try StoreFile()
        try file.store.probe()
        try DatabaseQueue(path: file.path).write { try $0.execute(sql: "DROP TABLE alert_throttle") }
        // Without the start's advice to move the file aside: the daemon is running on it.
        let error = #expect(throws: ProbeFailure.self) { try file.store.probe() }
        #expect(error.map { "\($0)" } == "\(file.path): a table of its schema is gone (alert_throttle)")
    }

    /// Deleted, then another file at the path: each fails the probe, saying which (trial3 finding 5).
    @Test func theProbeFailsOnceTheFileIsDeletedOrReplaced() throws {
        let file = try StoreFile()
        try file.store.probe()
        let aside = file.path + ".aside"
        #expect(rename(file.path, aside) == 0)
        let gone = #expect(throws: ProbeFailure.self) { try file.store.probe() }
        #expect(gone?.problem.hasPrefix("the store file was deleted or moved away under the running daemon") == true, "\(String(describing: gone))")
        #expect(FileManager.default.createFile(atPath: file.path, contents: nil))
        let other = #expect(throws: ProbeFailure.self) { try file.store.probe() }
        #expect(other?.problem.hasPrefix("another file is at the store's path than the one the running daemon opened") == true, "\(String(describing: other))")
        #expect(unlink(file.path) == 0 && rename(aside, file.path) == 0)
        try file.store.probe()
    }
}
