import Daemon
import Foundation
import Synchronization
import Testing
import TestSupport

/// Two daemons on one store would poll every feed twice and send every webhook twice.
@Suite struct StoreLockTests {
    @Test func aSecondDaemonOnTheSameStoreIsRefusedAndAKilledOneLeavesNoLockBehind() async throws {
        let running = try await WeatherDaemon.start()
        defer { running.stop() }
        let (install, first) = (running.install, running.daemon)

        let (status, _, stderr) = try await ChildProcess.run(["run", "--config", install.configPath], timeout: 30)
        #expect(status == 1)
        #expect(stderr.contains("state.sqlite: another wirewatch (pid \(first.pid)) is already running on this store"), "\(stderr)")
        #expect(!stderr.contains("wirewatch started"), "\(stderr)")
        #expect(first.isRunning)
        // The CLI's other commands read the store while the daemon runs.
        let (feedsStatus, feeds, _) = try await ChildProcess.run(["feeds", "--config", install.configPath])
        #expect(feedsStatus == 0 && feeds.contains("test-desk"), "\(feeds)")

        // The kernel lets go of the lock with the process, however it ends.
        first.signal(SIGKILL)
        #expect(await first.wait() != nil)
        let third = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { third.signal(SIGKILL) }
        #expect(await eventually { third.stderr.contains("wirewatch ready") }, "stderr: \(third.stderr)")
    }

    /// A second config that reaches the store through a symbolic link takes the same lock, and is refused
    /// (trial3 finding 2: the lock was beside the path as written, and two daemons ran on one store).
    @Test func aSecondDaemonReachingTheStoreThroughALinkIsRefused() async throws {
        let running = try await WeatherDaemon.start()
        defer { running.stop() }
        let (install, first) = (running.install, running.daemon)
        let link = try makeTemporaryDirectory("linked-store").appendingPathComponent("link.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: install.dir.appendingPathComponent("var/state.sqlite").path)
        let other = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml", store: link)
        let (status, _, stderr) = try await ChildProcess.run(["run", "--config", other.configPath], timeout: 30)
        #expect(status == 1, "\(stderr)")
        #expect(stderr.contains("another wirewatch (pid \(first.pid)) is already running on this store"), "\(stderr)")
        #expect(first.isRunning)
    }

    /// A link made before the store's first start, to a file that does not exist yet (the state moved to another
    /// disk), leads to the lock beside the file SQLite will create through it: beside the link, the first daemon
    /// held LINK.lock and a second naming the target took TARGET.lock and ran (review of the lead's mends, 1).
    @Test func aLinkToAStoreNotMadeYetIsLockedBesideItsTarget() throws {
        let dir = try TemporaryDirectory("dangling-store")
        let disk = dir.url.appendingPathComponent("disk").path
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        let target = disk + "/state.sqlite"
        let link = dir.url.appendingPathComponent("state.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "disk/state.sqlite")
        let chained = dir.url.appendingPathComponent("chained.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: chained, withDestinationPath: link)
        let realTarget = URL(fileURLWithPath: disk).resolvingSymlinksInPath().path + "/state.sqlite"
        #expect(StoreLock.lockPath(storePath: link) == realTarget + ".lock")
        #expect(StoreLock.lockPath(storePath: chained) == realTarget + ".lock")
        let before = try StoreLock(storePath: link)
        #expect(throws: StoreLock.Held.self) { try StoreLock(storePath: target) }
        _ = before
        #expect(FileManager.default.createFile(atPath: target, contents: nil))
        #expect(StoreLock.lockPath(storePath: link) == StoreLock.lockPath(storePath: target))
        // A link that leads to itself is no store and no hang.
        let loop = dir.url.appendingPathComponent("loop.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        #expect(StoreLock.lockPath(storePath: loop) == loop + ".lock")
    }

    /// A store file with a second name (a hard link) is refused: a daemon on each name wrote a write-ahead log of
    /// its own into the one file (trial3 finding 2).
    @Test func aStoreFileWithAHardLinkIsRefused() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let store = install.dir.appendingPathComponent("var/state.sqlite").path
        try FileManager.default.createDirectory(atPath: (store as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: store, contents: nil))
        #expect(link(store, install.dir.appendingPathComponent("other.sqlite").path) == 0)
        let (status, _, stderr) = try await ChildProcess.run(["run", "--config", install.configPath], timeout: 30)
        #expect(status == 1, "\(stderr)")
        #expect(stderr.contains("\(store): the store file has 2 names (hard links)"), "\(stderr)")
        // The commands beside a daemon too: through another name they did not see it, and wrote a log of their own
        // into its file (review of the lead's mends, 7).
        for command in [["feeds"], ["deliver", "list"], ["deliver", "retry", "--all"]] {
            let (refused, _, said) = try await ChildProcess.run(command + ["--config", install.configPath], timeout: 30)
            #expect(refused == 1 && said.contains("\(store): the store file has 2 names (hard links)"), "\(command): \(said)")
        }
    }

    /// The holder is found on every look while other locks come and go. /proc/locks is no snapshot:
    /// each read() of it gives one page and starts again at a line number, so a lock released
    /// between two reads moves the list up under the reader and one line is never read (a reader
    /// beside 200 locks and one churning thread missed the holder about once in a hundred looks).
    @Test func theHolderIsFoundWhileOtherLocksComeAndGo() async throws {
        let dir = try TemporaryDirectory()
        func opened(_ name: String) -> Int32 { open(dir.path + "/" + name, O_RDWR | O_CREAT | O_CLOEXEC, 0o644) }
        let held = (0..<200).map { opened("steady-\($0)") }
        for fd in held { #expect(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0) }
        let store = opened("state.sqlite.lock")
        #expect(store >= 0 && flock(store, LOCK_EX | LOCK_NB) == 0)
        let pid = Array("\(getpid())\n".utf8)
        #expect(pwrite(store, pid, pid.count, 0) == pid.count)
        let churning = (0..<50).map { opened("churning-\($0)") }
        defer { (held + churning + [store]).forEach { close($0) } }
        let done = Flag()
        let exited = DispatchSemaphore(value: 0)
        let churn = Thread {
            while !done.raised.load(ordering: .relaxed) {
                for fd in churning { flock(fd, LOCK_EX) }
                for fd in churning { flock(fd, LOCK_UN) }
            }
            exited.signal()
        }
        churn.start()
        // Registered after the close above, so it runs first: the thread is gone before its
        // descriptors are closed, and never flocks a number another test has opened since.
        defer {
            done.raised.store(true, ordering: .relaxed)
            exited.wait()
        }
        let misses = (0..<1_000).count { _ in StoreLock.holder(storePath: dir.path + "/state.sqlite") != getpid() }
        #expect(misses == 0)
    }

    /// A command beside the daemon asks whether the lock is held by trying a shared lock for a moment;
    /// a daemon starting in that moment waits it out, and is not refused as a second daemon.
    @Test func aDaemonStartingWhileACommandLooksAtTheLockStarts() async throws {
        let (install, lockPath, look) = try Self.lookingAtTheLock()
        defer { close(look) }
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        // The look lasts until the daemon has the lock file open (it is trying the lock), however long
        // a loaded machine takes to get it there.
        let dir = "/proc/\(daemon.pid)/fd"
        #expect(await eventually {
            ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).contains { fd in
                (try? FileManager.default.destinationOfSymbolicLink(atPath: dir + "/" + fd)) == lockPath
            } || !daemon.isRunning
        })
        _ = flock(look, LOCK_UN)
        #expect(await eventually { daemon.stderr.contains("wirewatch ready") || !daemon.isRunning }, "stderr: \(daemon.stderr)")
        #expect(daemon.isRunning && !daemon.stderr.contains("already running"), "stderr: \(daemon.stderr)")
    }

    /// A shared lock that outlasts the daemon's patience is no second daemon, and is not called one.
    @Test func aLockHeldSharedTooLongIsNotCalledASecondDaemon() throws {
        let (install, lockPath, look) = try Self.lookingAtTheLock()
        defer { close(look) }
        let storePath = String(lockPath.dropLast(".lock".count))
        let error = withExtendedLifetime(install) {
            #expect(throws: StoreLock.Held.self) { try StoreLock(storePath: storePath, patience: 0.5) }
        }
        let said = error?.description ?? ""
        #expect(said.contains("the lock \(lockPath) has been held shared by another process for 0.5 s; no wirewatch holds it"), "\(said)")
        #expect(!said.contains("already running"), "\(said)")
    }

    /// An install whose store lock this process holds shared, as a command beside the daemon does
    /// for a moment; the caller closes `look`.
    private static func lookingAtTheLock() throws -> (install: TestInstall, lockPath: String, look: Int32) {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let lockPath = install.dir.appendingPathComponent("var/state.sqlite.lock").path
        try FileManager.default.createDirectory(atPath: install.dir.appendingPathComponent("var").path, withIntermediateDirectories: true)
        let look = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        try #require(look >= 0 && flock(look, LOCK_SH | LOCK_NB) == 0)
        return (install, lockPath, look)
    }

    /// The store's directory that cannot be made is said with the system's reason, not as the lock
    /// file's "No such file or directory". Nothing may be made in /sys, even by root.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/sys/kernel")))
    func aStoreDirectoryThatCannotBeMadeIsSaidWhy() async throws {
        let dir = "/sys/wirewatch-\(UUID().uuidString)"
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml", store: "\(dir)/state.sqlite")
        let (status, _, stderr) = try await ChildProcess.run(["run", "--config", install.configPath], timeout: 30)
        #expect(status == 1)
        // As root, refused before the start at the config's line (FilePlace finds /sys refusing new files, trial
        // finding 12); as another user, when the daemon makes the directory.
        #expect(stderr.contains("cannot create \(dir): ") || stderr.contains(":1:8: 'store': the store cannot be created in /sys: "), "\(stderr)")
        #expect(!stderr.contains("No such file or directory"), "\(stderr)")
    }
}

private final class Flag: Sendable {
    let raised = Atomic<Bool>(false)
}

