import Foundation
import GRDB
import Testing
import TestSupport
@testable import Store

/// A store file that is not a usable wirewatch store (its tables dropped, another program's database, a
/// damaged schema, a file cut short): `run` exits 1 with one line naming the store and what is wrong, before
/// `ready`, and so do the commands that read it; the file is left byte for byte as it was. Before, the
/// daemon said `wirewatch ready` and failed every poll and delivery every second, and `deliver list` said
/// "pending 0" with exit 0 (trial finding 28). An empty file is still a new store.
@Suite struct BrokenStoreTests {
    static let commands = [["run"], ["feeds"], ["deliver", "list"], ["rules", "backtest"]]

    static func install() throws -> DaemonInstall {
        let install = try DaemonInstall(feeds: [("world", "http://127.0.0.1:9/world.xml")])
        try FileManager.default.createDirectory(atPath: (install.storePath as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        return install
    }

    static func expectRefused(_ install: DaemonInstall, saying problem: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: install.storePath))
        for command in Self.commands {
            let (status, stdout, stderr) = try await ChildProcess.run(command + ["--config", install.configPath], timeout: 60)
            #expect(status == 1, "\(command): \(stderr)", sourceLocation: sourceLocation)
            #expect(stdout.isEmpty, "\(command): \(stdout)", sourceLocation: sourceLocation)
            #expect(stderr.hasPrefix("\(install.storePath): not a usable wirewatch store: \(problem)"), "\(command): \(stderr)",
                    sourceLocation: sourceLocation)
            #expect(stderr.split(separator: "\n").count == 1 && !stderr.contains("wirewatch ready"), "\(command): \(stderr)", sourceLocation: sourceLocation)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: install.storePath)) == before, "the store was written to",
                sourceLocation: sourceLocation)
    }

    @Test func aStoreWithATableDroppedIsRefusedByTheDaemonAndTheCommands() async throws {
        let install = try Self.install()
        do {
            let store = try DatabasePool(path: install.storePath)
            try StoreSchema.migrator.migrate(store)
            try await store.write { try $0.execute(sql: "DROP TABLE sink_hold") }
        }
        try await Self.expectRefused(install, saying: "a table its migrations made is gone (sink_hold); wirewatch leaves the file as it is")
    }

    @Test func anotherProgramsDatabaseIsRefused() async throws {
        let install = try Self.install()
        try await DatabaseQueue(path: install.storePath).write { try $0.execute(sql: "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine')") }
        try await Self.expectRefused(install, saying: "it holds tables of another kind (notes) and no record of wirewatch's migrations")
    }

    @Test func aDamagedSchemaIsRefused() async throws {
        let install = try Self.install()
        try StoreSchema.migrator.migrate(DatabasePool(path: install.storePath))
        try await DatabaseQueue(path: install.storePath).write { db in
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(sql: "UPDATE sqlite_master SET sql = 'CREATE TABLE sink_hold (' WHERE name = 'sink_hold'")
        }
        try await Self.expectRefused(install, saying: "SQLite cannot read")
    }

    @Test func aStoreCutShortIsRefused() async throws {
        let install = try Self.install()
        do {
            let store = try SQLiteStore(path: install.storePath)
            try store.save(.init(feed: .init("world"), url: "http://127.0.0.1:9/world.xml"))
        }
        #expect(truncate(install.storePath, 4096) == 0)
        try await Self.expectRefused(install, saying: "")
    }

    /// A file of 0 bytes (made by hand, or by a provisioning tool) is a new store, as is none.
    @Test func anEmptyFileIsCreatedAsANewStore() async throws {
        let install = try Self.install()
        #expect(FileManager.default.createFile(atPath: install.storePath, contents: Data()))
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { if daemon.isRunning { daemon.signal(SIGKILL) } }
        #expect(await eventually(timeout: 60) { daemon.stderr.contains("wirewatch ready") }, "\(daemon.stderr)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 60) == 0, "\(daemon.stderr)")
        #expect(!daemon.stderr.contains("no such table") && !daemon.stderr.contains("not a usable"), "\(daemon.stderr)")
    }
}
