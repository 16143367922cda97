import Daemon
import Foundation
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

    /// The holder is found among many other locks: /proc/locks is read to its end, not one page of it.
    @Test func theHolderIsFoundAmongManyLocks() throws {
        let dir = try TemporaryDirectory()
        func locked(_ name: String) -> Int32 {
            let fd = open(dir.path + "/" + name, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            #expect(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
            return fd
        }
        // 100 locks on either side of the store's (about 55 bytes a line): its line is past the first
        // 4 KB whichever way round they are listed, with few descriptors held beside other tests.
        var held = (0..<100).map { locked("before-\($0)") }
        let store = locked("state.sqlite.lock")
        let pid = Array("\(getpid())\n".utf8)
        #expect(pwrite(store, pid, pid.count, 0) == pid.count)
        held += (0..<100).map { locked("after-\($0)") }
        defer { (held + [store]).forEach { close($0) } }
        #expect(StoreLock.holder(storePath: dir.path + "/state.sqlite") == getpid())
    }

    /// The store's directory that cannot be made is said with the system's reason, not as the lock
    /// file's "No such file or directory". Nothing may be made in /sys, even by root.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/sys/kernel")))
    func aStoreDirectoryThatCannotBeMadeIsSaidWhy() async throws {
        let dir = "/sys/wirewatch-\(UUID().uuidString)"
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml", store: "\(dir)/state.sqlite")
        let (status, _, stderr) = try await ChildProcess.run(["run", "--config", install.configPath], timeout: 30)
        #expect(status == 1)
        #expect(stderr.contains("cannot create \(dir): "), "\(stderr)")
        #expect(!stderr.contains("No such file or directory"), "\(stderr)")
    }
}
