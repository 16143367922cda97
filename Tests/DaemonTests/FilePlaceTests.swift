import Foundation
import Testing
import TestSupport

/// A store or an alert log the daemon could never create is a config problem
/// `check` names in one line where the config names it, not an error the
/// daemon meets when it starts or delivers.
@Suite struct FilePlaceTests {
    @Test func aFileWhereTheLogsDirectoryShouldBeIsRefusedByCheckAndRun() async throws {
        let install = try DaemonInstall(feeds: [(id: "a", url: "http://127.0.0.1:9/feed.xml")], alertLogPath: "var/log/alerts.jsonl")
        let blocker = install.dir.appendingPathComponent("var/log").path
        try FileManager.default.createDirectory(atPath: install.dir.appendingPathComponent("var").path, withIntermediateDirectories: true)
        try "not a directory\n".write(toFile: blocker, atomically: true, encoding: .utf8)
        let line = try pathLine(install.configPath)
        for command in ["check", "run"] {
            let (status, _, stderr) = try await ChildProcess.run([command, "--config", install.configPath])
            #expect(status == 1)
            #expect(stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                    == "\(install.configPath):\(line):11: sink 'alert-log': the alert log cannot be created: \(blocker) is not a directory")
        }
        #expect(!FileManager.default.fileExists(atPath: install.storePath))
    }

    @Test func checkSaysWhenTheLogsDirectoryIsOnAReadOnlyFilesystem() async throws {
        let disk: SmallFilesystem
        do { disk = try SmallFilesystem(bytes: 64 << 10) } catch let refused as SmallFilesystem.MountRefused {
            try Test.cancel("\(refused)")
        }
        try disk.makeReadOnly()
        for logPath in [disk.path + "/alerts.jsonl", disk.path + "/wirewatch/alerts.jsonl"] {
            let install = try DaemonInstall(feeds: [(id: "a", url: "http://127.0.0.1:9/feed.xml")], alertLogPath: logPath)
            let (status, _, stderr) = try await ChildProcess.run(["check", "--config", install.configPath])
            #expect(status == 1)
            #expect(stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                    == "\(install.configPath):\(try pathLine(install.configPath)):11: sink 'alert-log': the alert log cannot be created in \(disk.path): Read-only file system")
        }
    }

    /// sysfs lets root pass access(2) for writing and still refuses every new file: `check` said OK and the
    /// daemon then failed to start with "cannot open alert log …: Permission denied" and no place (trial
    /// finding 12). Only as root, where /sys shows that.
    @Test(.enabled(if: geteuid() == 0 && access("/sys", W_OK | X_OK) == 0 && !FileManager.default.createFile(atPath: "/sys/wirewatch-probe", contents: nil)))
    func aDirectoryWhoseFilesystemRefusesNewFilesIsRefusedByCheckAndRun() async throws {
        let install = try DaemonInstall(feeds: [(id: "a", url: "http://127.0.0.1:9/feed.xml")], alertLogPath: "/sys/wirewatch-alerts.jsonl")
        let said = "\(install.configPath):\(try pathLine(install.configPath)):11: sink 'alert-log': the alert log cannot be created in /sys: Permission denied"
        for command in ["check", "run"] {
            let (status, out, stderr) = try await ChildProcess.run([command, "--config", install.configPath])
            #expect(status == 1, "\(command): \(out)\(stderr)")
            #expect(stderr.trimmingCharacters(in: .whitespacesAndNewlines) == said, "\(command): \(stderr)")
        }
    }

    /// procfs answers a new file with ENOENT, in a directory that is there: `check` said OK to an alert log in /proc
    /// and the daemon then could not open it (exploratory finding of stop 33). Where /proc is procfs.
    @Test(.enabled(if: geteuid() == 0 && access("/proc/self", F_OK) == 0 && !FileManager.default.createFile(atPath: "/proc/wirewatch-probe", contents: nil)))
    func procfsIsRefusedByCheckAndRun() async throws {
        let install = try DaemonInstall(feeds: [(id: "a", url: "http://127.0.0.1:9/feed.xml")], alertLogPath: "/proc/wirewatch-alerts.jsonl")
        let said = "\(install.configPath):\(try pathLine(install.configPath)):11: sink 'alert-log': the alert log cannot be created in /proc: "
        for command in ["check", "run"] {
            let (status, out, stderr) = try await ChildProcess.run([command, "--config", install.configPath])
            #expect(status == 1, "\(command): \(out)\(stderr)")
            #expect(stderr.hasPrefix(said), "\(command): \(stderr)")
        }
    }

    /// An immutable directory (chattr +i) refuses new files to root too; access(2) says EPERM, which was taken as
    /// this user's permission: `check` passed it ("fine if the daemon runs as a user that may") and `run` failed
    /// with no place. Only where this user can make a directory immutable (root, on ext4).
    @Test(.enabled { try await FilePlaceTests.canMakeImmutable() })
    func anImmutableDirectoryIsRefusedByCheckAndRun() async throws {
        let install = try DaemonInstall(feeds: [(id: "a", url: "http://127.0.0.1:9/feed.xml")], alertLogPath: "locked/alerts.jsonl")
        let locked = install.dir.appendingPathComponent("locked").path
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: true)
        let said = "\(install.configPath):\(try pathLine(install.configPath)):11: sink 'alert-log': the alert log cannot be created in \(locked): Operation not permitted"
        try #require(try await Self.chattr("+i", locked))
        // Made mutable again before anything is judged: an immutable directory cannot be removed with the install.
        var results: [(String, Int32, String)] = []
        for command in ["check", "run"] {
            let (status, out, stderr) = (try? await ChildProcess.run([command, "--config", install.configPath])) ?? (-1, "", "did not run")
            results.append((command, status, out + stderr))
        }
        #expect(try await Self.chattr("-i", locked))
        for (command, status, output) in results {
            #expect(status == 1 && output.trimmingCharacters(in: .whitespacesAndNewlines) == said, "\(command): \(output)")
        }
    }

    /// `chattr FLAG PATH` through the tests' one spawner (Foundation's `Process.run` on two threads at once crashes).
    static func chattr(_ flag: String, _ path: String) async throws -> Bool {
        try await ChildProcess.run([flag, path], executable: "/usr/bin/chattr").0 == 0
    }

    static func canMakeImmutable() async throws -> Bool {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/chattr") else { return false }
        let dir = try makeTemporaryDirectory().path
        let made = try await chattr("+i", dir)
        _ = try await chattr("-i", dir)
        return made
    }

    @Test func aDirectoryThisUserMayNotWriteIsSaidButNotRefused() async throws {
        // An operator checking rules as themself may not write the daemon's log directory.
        let install = try installReadableByNobody()
        let logs = install.dir.appendingPathComponent("logs").path
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        chmod(logs, 0o700)
        // The store's directory is one this user may write: only the log is said.
        let state = install.dir.appendingPathComponent("var").path
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        chmod(state, 0o777)
        let check = try ChildProcess("/usr/bin/setpriv", arguments: ["--reuid=65534", "--regid=65534", "--clear-groups",
                                                                       ChildProcess.wirewatchBinary, "check", "--config", install.configPath])
        let status = await check.wait(timeout: 60)
        #expect(status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("OK"))
        #expect(check.stderr.hasPrefix("\(install.configPath):\(try pathLine(install.configPath)):11: sink 'alert-log': the alert log cannot be reached through \(logs): Permission denied (as "),
                "\(check.stderr)")
        #expect(check.stderr.split(separator: "\n").count == 1)

        #expect(try await passingNotes(install) == ["sink 'alert-log': the alert log cannot be reached through \(logs): Permission denied"])
    }

    @Test func aDirectoryClosedBehindALinkIsNamedByTheLinkAsWritten() async throws {
        // The shipped unit's layout (DynamicUser): var -> private/wirewatch, private 0700. What an operator
        // cannot get through is the link they wrote, not the directory holding it, which they may search.
        let install = try installReadableByNobody()
        let logs = install.dir.appendingPathComponent("logs").path, closed = install.dir.appendingPathComponent("private").path
        for dir in [logs, closed + "/wirewatch"] { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        chmod(logs, 0o777)
        chmod(closed, 0o700)
        let link = install.dir.appendingPathComponent("var").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "private/wirewatch")
        #expect(try await passingNotes(install) == ["'store': the store cannot be reached through \(link): Permission denied"])
    }

    @Test func aLinkLoopInTheLogsPathIsRefusedNotTakenForAMissingDirectory() async throws {
        let install = try DaemonInstall(feeds: [(id: "a", url: "http://127.0.0.1:9/feed.xml")], alertLogPath: "loop/alerts.jsonl")
        let loop = install.dir.appendingPathComponent("loop").path
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        let line = try pathLine(install.configPath)
        for command in ["check", "run"] {
            let (status, _, stderr) = try await ChildProcess.run([command, "--config", install.configPath])
            #expect(status == 1)
            #expect(stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                    == "\(install.configPath):\(line):11: sink 'alert-log': the alert log cannot be created: \(loop)/alerts.jsonl: Too many levels of symbolic links")
        }
    }

    @Test func checkPassesALogWhoseDirectoriesDoNotExistYet() async throws {
        let install = try DaemonInstall(feeds: [(id: "a", url: "http://127.0.0.1:9/feed.xml")], alertLogPath: "var/log/wirewatch/alerts.jsonl")
        let (status, stdout, stderr) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(status == 0, "\(stderr)")
        #expect(stdout.contains("OK"))
    }

    @Test func aStoreThatIsADirectoryIsRefusedByCheckAndRun() async throws {
        let install = try DaemonInstall(feeds: [(id: "a", url: "http://127.0.0.1:9/feed.xml")])
        try FileManager.default.createDirectory(atPath: install.storePath, withIntermediateDirectories: true)
        for command in ["check", "run"] {
            let (status, _, stderr) = try await ChildProcess.run([command, "--config", install.configPath])
            #expect(status == 1)
            #expect(stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                    == "\(install.configPath):1:8: 'store': \(install.storePath) is a directory; 'store' names the state file in it, such as \(install.storePath)/state.sqlite")
        }
    }

    @Test func checkSaysWhenTheStoreIsOnAReadOnlyFilesystem() async throws {
        let disk: SmallFilesystem
        do { disk = try SmallFilesystem(bytes: 64 << 10) } catch let refused as SmallFilesystem.MountRefused {
            try Test.cancel("\(refused)")
        }
        try disk.makeReadOnly()
        let install = try DaemonInstall(feeds: [(id: "a", url: "http://127.0.0.1:9/feed.xml")])
        #expect(try await checkRefusal(store: disk.path + "/state.sqlite", install)
                == "\(install.configPath):1:16: 'store': the store cannot be created in \(disk.path): Read-only file system")
    }

    @Test func aStoreLinkedFromAReadOnlyDirectoryIsJudgedWhereTheDaemonWritesItsFiles() async throws {
        // The daemon makes state.sqlite.lock beside the link's target, where SQLite makes its -wal and -shm
        // (one lock for every path that leads to the store: trial3 finding 2), and nothing beside the link.
        let disk: SmallFilesystem
        do { disk = try SmallFilesystem(bytes: 64 << 10) } catch let refused as SmallFilesystem.MountRefused {
            try Test.cancel("\(refused)")
        }
        // A link on the read-only disk to a store in a writable directory: nothing is made beside the link.
        let install = try DaemonInstall(feeds: [(id: "a", url: "http://127.0.0.1:9/feed.xml")])
        try FileManager.default.createDirectory(atPath: (install.storePath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: install.storePath, contents: nil))
        try FileManager.default.createSymbolicLink(atPath: disk.path + "/state.sqlite", withDestinationPath: install.storePath)
        // And a link in a writable directory to a store on the read-only disk: its files cannot be made.
        #expect(FileManager.default.createFile(atPath: disk.path + "/other.sqlite", contents: nil))
        try disk.makeReadOnly()
        let other = try DaemonInstall(feeds: [(id: "a", url: "http://127.0.0.1:9/feed.xml")])
        let link = other.dir.appendingPathComponent("link.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: disk.path + "/other.sqlite")
        let refusal = try await checkRefusal(store: link, other)
        #expect(refusal == "\(other.configPath):1:16: 'store': the store \(disk.path)/other.sqlite cannot be written: Read-only file system", "\(refusal)")
        let config = try String(contentsOfFile: install.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "store: var/state.sqlite", with: "store: { path: \(disk.path)/state.sqlite }")
            .write(toFile: install.configPath, atomically: true, encoding: .utf8)
        let (status, _, stderr) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(status == 0, "\(stderr)")
    }

    @Test func anExistingLogInAReadOnlyDirectoryIsRefusedOnlyWhenTheSinkRotatesIt() async throws {
        // ReadWritePaths=/var/log/wirewatch.jsonl under ProtectSystem=strict, or a bind-mounted log: the file
        // may be written, its directory not. Nothing renames it there unless the sink rotates it itself.
        let disk: SmallFilesystem
        do { disk = try SmallFilesystem(bytes: 64 << 10) } catch let refused as SmallFilesystem.MountRefused {
            try Test.cancel("\(refused)")
        }
        let real = try makeTemporaryDirectory("log").appendingPathComponent("alerts.jsonl").path
        #expect(FileManager.default.createFile(atPath: real, contents: nil))
        try FileManager.default.createSymbolicLink(atPath: disk.path + "/alerts.jsonl", withDestinationPath: real)
        try disk.makeReadOnly()
        let log = disk.path + "/alerts.jsonl"

        let kept = try DaemonInstall(feeds: [(id: "a", url: "http://127.0.0.1:9/feed.xml")], alertLogPath: log)
        #expect(try await passingNotes(kept, asNobody: false) == ["sink 'alert-log': the alert log cannot be re-created in \(disk.path): Read-only file system"])

        let rotated = try DaemonInstall(feeds: [(id: "a", url: "http://127.0.0.1:9/feed.xml")], alertLogPath: log,
                                        alertLogOptions: "    rotate: { size: 1MiB }")
        let (refused, _, refusal) = try await ChildProcess.run(["check", "--config", rotated.configPath])
        #expect(refused == 1)
        #expect(refusal.trimmingCharacters(in: .whitespacesAndNewlines)
                == "\(rotated.configPath):\(try pathLine(rotated.configPath)):11: sink 'alert-log': the alert log cannot be rotated or re-created in \(disk.path): Read-only file system")
    }

    @Test func theDirectoriesOfAnExistingLogAndOfALinkedStoresFileAreChecked() async throws {
        // A log is rotated (renamed) and re-created in its directory; SQLite makes -wal and -shm beside the file a link points at.
        let install = try installReadableByNobody()
        let logs = install.dir.appendingPathComponent("logs").path, real = install.dir.appendingPathComponent("real").path
        let state = install.dir.appendingPathComponent("var").path
        for dir in [logs, real, state] { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        chmod(state, 0o777)
        // Files anyone may write, in directories only root may.
        for file in [install.alertLog, real + "/state.sqlite"] {
            #expect(FileManager.default.createFile(atPath: file, contents: nil))
            chmod(file, 0o666)
        }
        // Relative, as links often are: judged from the link's directory, not from where check runs.
        try FileManager.default.createSymbolicLink(atPath: install.storePath, withDestinationPath: "../real/state.sqlite")
        #expect(try await passingNotes(install) == [
            "'store': the store cannot make its files beside it in \(real): Permission denied",
            "sink 'alert-log': the alert log cannot be re-created in \(logs): Permission denied",
        ])
    }

    @Test func twoLogSinksOnOneFileThroughARelativeLinkAreRefused() async throws {
        // logs/b.jsonl -> ../logs/a.jsonl is the same file, whatever directory check runs from.
        let install = try DaemonInstall(feeds: [(id: "a", url: "http://127.0.0.1:9/feed.xml")], extraSinks: """
              - id: second-log
                type: alert-log
                path: other/b.jsonl
            """, alertLogPath: "logs/a.jsonl")
        for dir in ["logs", "other"] {
            try FileManager.default.createDirectory(at: install.dir.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        #expect(FileManager.default.createFile(atPath: install.alertLog, contents: nil))
        try FileManager.default.createSymbolicLink(atPath: install.dir.appendingPathComponent("other/b.jsonl").path,
                                                   withDestinationPath: "../logs/a.jsonl")
        let (status, _, stderr) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(status == 1)
        #expect(stderr.contains("sink 'second-log': \(install.alertLog) is the file of sink 'alert-log' too"), "\(stderr)")
    }

    /// An install, its log at logs/alerts.jsonl, whose config and rules nobody (uid 65534) may read; root only.
    private func installReadableByNobody() throws -> DaemonInstall {
        guard getuid() == 0 else { try Test.cancel("needs root to run check as another user") }
        let install = try DaemonInstall(feeds: [(id: "a", url: "http://127.0.0.1:9/feed.xml")], alertLogPath: "logs/alerts.jsonl")
        chmod(install.dir.path, 0o755)
        chmod(install.dir.appendingPathComponent("rules.d").path, 0o755)
        return install
    }

    /// What `check --json` notes without refusing (it must pass, saying nothing on stderr), run as nobody or as this user.
    private func passingNotes(_ install: DaemonInstall, asNobody: Bool = true) async throws -> [String] {
        let arguments = ["check", "--json", "--config", install.configPath]
        let check = asNobody
            ? try ChildProcess("/usr/bin/setpriv", arguments: ["--reuid=65534", "--regid=65534", "--clear-groups", ChildProcess.wirewatchBinary] + arguments)
            : try ChildProcess(arguments: arguments)
        #expect(await check.wait(timeout: 60) == 0, "\(check.stderr)")
        #expect(check.stderr.isEmpty, "\(check.stderr)")
        struct Passed: Decodable { var ok: Bool; var not_writable_by_this_user: [Problem] }
        struct Problem: Decodable { var message: String }
        let passed = try JSONDecoder().decode(Passed.self, from: Data(check.stdout.utf8))
        #expect(passed.ok, "\(check.stdout)")
        return passed.not_writable_by_this_user.map(\.message)
    }

    /// What `check` says, refusing, once the config's store is written `store: { path: PATH }` (at 1:16).
    private func checkRefusal(store path: String, _ install: DaemonInstall) async throws -> String {
        let config = try String(contentsOfFile: install.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "store: var/state.sqlite", with: "store: { path: \(path) }")
            .write(toFile: install.configPath, atomically: true, encoding: .utf8)
        let (status, _, stderr) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(status == 1)
        return stderr.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The 1-based line of the alert-log sink's `path:` in the config DaemonInstall writes.
    private func pathLine(_ config: String) throws -> Int {
        let lines = try String(contentsOfFile: config, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("path:") } ?? -1) + 1
    }
}
