import Foundation
import GRDB
import Testing
import TestSupport

/// An operator who may read the store but not write the directory it is in (the daemon's state directory
/// 0755, the store 0644) runs `feeds` and `deliver list`: SQLite said "error 8: attempt to write a readonly
/// database", since it reads a store in WAL mode through a `-shm` file it creates beside it. With the daemon
/// stopped, the store is read as immutable; with it running, through the daemon's `-shm`; where that file
/// may not be read, the command says which permission is missing.
@Suite struct ReadOnlyUserTests {
    @Test func theReadOnlyCommandsWorkForAUserWhoMayNotWriteBesideTheStore() async throws {
        guard getuid() == 0 else { try Test.cancel("needs root to run feeds as another user") }
        let install = try DaemonInstall(feeds: [(id: "desk", url: "http://127.0.0.1:9/feed.xml")])
        chmod(install.dir.path, 0o755)
        let state = (install.storePath as NSString).deletingLastPathComponent
        func startDaemon() async throws -> ChildProcess {
            let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
            #expect(await eventually(timeout: 60) { daemon.stderr.contains("feed failed") }, "\(daemon.stderr)")
            return daemon
        }
        func asNobody(_ command: [String]) async throws -> (Int32, String, String) {
            try await UnreadableByThisUserTests.asNobody(command + ["--config", install.configPath])
        }

        // The daemon ran once and stopped: it leaves its -wal and -shm, as readable as the store.
        let first = try await startDaemon()
        first.signal(SIGTERM)
        #expect(await first.wait(timeout: 60) == 0, "\(first.stderr)")
        chmod(state, 0o755)
        chmod(install.storePath, 0o644)
        func readOnlyCommandsWork(_ when: String) async throws {
            for command in [["feeds"], ["deliver", "list"], ["rules", "backtest"]] {
                let (status, out, err) = try await asNobody(command)
                #expect(status == 0, "\(when) \(command): \(err)")
                #expect(command != ["feeds"] || out.contains("desk"), "\(when): \(out)")
            }
        }
        try await readOnlyCommandsWork("left by the daemon")

        // Closed by the last connection (a restored backup, a copy, an `sqlite3` session): no -wal, no -shm.
        try DatabaseQueue(path: install.storePath).close()
        #expect(!FileManager.default.fileExists(atPath: install.storePath + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: install.storePath + "-shm"))
        try await readOnlyCommandsWork("closed")
        #expect(!FileManager.default.fileExists(atPath: install.storePath + "-shm"), "the command wrote beside the store")

        // The daemon running: its -shm, as readable as the store, is enough.
        let second = try await startDaemon()
        defer { if second.isRunning { second.signal(SIGKILL) } }
        #expect(FileManager.default.fileExists(atPath: install.storePath + "-shm"))
        let (status, out, err) = try await asNobody(["feeds"])
        #expect(status == 0 && out.contains("desk"), "\(out) \(err)")

        // Its -shm closed to others: the command says what it lacks.
        chmod(install.storePath + "-shm", 0o600)
        let (refused, none, why) = try await asNobody(["feeds"])
        #expect(refused == 1 && none.isEmpty, "\(none)")
        #expect(why == "\(install.storePath): cannot read the store as nobody: SQLite reads a store the daemon has open through its shared-memory file, and this user may not read \(install.storePath)-shm; run this as the daemon's user or as root\n", "\(why)")
        second.signal(SIGTERM)
        #expect(await second.wait(timeout: 60) == 0, "\(second.stderr)")
    }
}
