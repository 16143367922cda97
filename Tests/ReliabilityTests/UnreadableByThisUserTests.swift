import Foundation
import Testing
import TestSupport

/// An operator who is not the daemon's user (the shipped unit's `DynamicUser=yes` with 0750 state and log
/// directories makes every other login one) reads the alert log or the store: the command fails with the
/// system's reason. `tail` printed nothing and exited 0, as for a quiet log, or said the log did not
/// exist; `feeds` showed every feed as never polled (trial findings 23 and 26).
@Suite struct UnreadableByThisUserTests {
    struct DidNotExit: Error { var arguments: [String] }

    /// Runs wirewatch as nobody.
    static func asNobody(_ arguments: [String]) async throws -> (Int32, String, String) {
        let p = try ChildProcess("/usr/bin/setpriv", arguments: ["--reuid=65534", "--regid=65534", "--clear-groups",
                                                                ChildProcess.wirewatchBinary] + arguments)
        guard let status = await p.wait(timeout: 60) else {
            p.signal(SIGKILL)
            throw DidNotExit(arguments: arguments)
        }
        return (status, p.stdout, p.stderr)
    }

    @Test func tailOnALogThisUserMayNotReadSaysSoAndExitsOne() async throws {
        guard getuid() == 0 else { try Test.cancel("needs root to run tail as another user") }
        let dir = try makeTemporaryDirectory("unreadable-log")
        chmod(dir.path, 0o755)
        let logs = dir.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let log = logs.appendingPathComponent("alerts.jsonl").path
        // What is in it does not matter: nobody may open it.
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: log))
        chmod(log, 0o640)
        // The file closed to others; then its directory too, as the unit's LogsDirectoryMode=0750 closes it.
        for mode in [mode_t(0o755), 0o750] {
            chmod(logs.path, mode)
            for follow in [["--no-follow"], []] {
                let (status, out, err) = try await Self.asNobody(["tail", "--log", log, "-n", "3"] + follow)
                #expect(status == 1 && out.isEmpty, "\(mode) \(follow): \(out) \(err)")
                #expect(err == "wirewatch: \(log): cannot be read: Permission denied (as nobody)\n", "\(mode) \(follow): \(err)")
            }
        }
    }

    @Test func feedsAndDeliverListOnAStoreThisUserMayNotReadSaySoAndExitOne() async throws {
        guard getuid() == 0 else { try Test.cancel("needs root to run feeds as another user") }
        let install = try DaemonInstall(feeds: [(id: "a", url: "http://127.0.0.1:9/feed.xml")])
        chmod(install.dir.path, 0o755)
        let state = install.dir.appendingPathComponent("var").path
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        try Data("not read".utf8).write(to: URL(fileURLWithPath: install.storePath))
        chmod(state, 0o750)
        let said = "\(install.storePath): cannot open the store: Permission denied (as nobody; the store is the daemon's: "
            + "run this as root, or as a user who may read it)\n"
        for command in [["feeds"], ["deliver", "list"]] {
            let (status, out, err) = try await Self.asNobody(command + ["--config", install.configPath])
            #expect(status == 1 && out.isEmpty, "\(command): \(out)")
            #expect(err == said, "\(command): \(err)")
        }
    }

    /// `run` as a user who may not read and write the store said SQLite's "error 14: unable to open database file"
    /// (exploratory finding of stop 33); now the system's reason, who it ran as, and what to do.
    @Test func runOnAStoreThisUserMayNotWriteSaysSo() async throws {
        guard getuid() == 0 else { try Test.cancel("needs root to run the daemon as another user") }
        let install = try DaemonInstall(feeds: [(id: "a", url: "http://127.0.0.1:9/feed.xml")])
        chmod(install.dir.path, 0o755)
        let state = install.dir.appendingPathComponent("var").path
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        try Data("not read".utf8).write(to: URL(fileURLWithPath: install.storePath))
        chmod(install.storePath, 0o600)
        // Its directory open to all: the store's lock beside it can be made, and the store is what refuses.
        chmod(state, 0o777)
        let (status, out, err) = try await Self.asNobody(["run", "--config", install.configPath])
        #expect(status == 1 && out.isEmpty, "\(out)")
        #expect(err == "\(install.storePath): cannot open the store: Permission denied (as nobody; the daemon reads and writes it: "
                + "give its user the store and its directory)\n", "\(err)")
    }
}
