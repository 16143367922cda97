import Foundation
import Store
import Testing
import TestSupport
@testable import Daemon

/// Whether the process a roll-call row names is gone, seen from this machine: what lets a restart take its
/// crashed predecessor's name over at once, and never a running twin's or another machine's.
@Suite struct DaemonProcessTests {
    let here = DaemonProcess.this(nonce: "here")

    /// Spawns `/bin/sh -c script` without reaping it; returns its pid.
    func spawn(_ script: String) throws -> pid_t {
        var pid: pid_t = 0
        let words: [UnsafeMutablePointer<CChar>?] = ["/bin/sh", "-c", script].map { (word: String) in strdup(word) }
        let argv = words + [nil]
        defer { argv.forEach { free($0) } }
        let status = posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ)
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EIO) }
        return pid
    }

    func row(of pid: pid_t) throws -> DaemonProcess {
        DaemonProcess(nonce: "other", host: here.host, pid: pid, pidSpace: here.pidSpace, pidStart: try #require(LinuxProcessStat(pid: pid)).start)
    }

    @Test func thisProcessIsKnownByItsPidSpaceAndStart() throws {
        #expect(here.pid == getpid())
        #expect(try #require(here.pidSpace).contains("pid:["))
        #expect(here.pidStart != nil)
        #expect(!here.isGone(seenFrom: here))
    }

    @Test func aRunningProcessIsNotGoneAndOneThatExitedIs() async throws {
        let pid = try spawn("exec sleep 60")
        let running = try row(of: pid)
        #expect(!running.isGone(seenFrom: here))
        kill(pid, SIGKILL)
        // Killed and not reaped yet: a zombie is gone (should anything reap it first, it is gone the more).
        #expect(await eventually { LinuxProcessStat(pid: pid)?.zombie ?? true })
        #expect(running.isGone(seenFrom: here))
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        #expect(running.isGone(seenFrom: here))
    }

    /// The pid names a process started at another time: the row's process is gone, the pid reused.
    @Test func aReusedPidIsGone() throws {
        var reused = here
        reused.nonce = "predecessor"
        reused.pidStart = try #require(here.pidStart) - 1
        #expect(reused.isGone(seenFrom: here))
        var other = try row(of: getppid())
        #expect(!other.isGone(seenFrom: here))
        other.pidStart! += 1
        #expect(other.isGone(seenFrom: here))
    }

    /// Another machine's row, another container's, a row from before a reboot, or one without a pid: never
    /// seen gone from here, however its pid looks here.
    @Test func whatThisMachineCannotSeeIsNeverGone() throws {
        let pid = try spawn("exit 0")
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let elsewhere = DaemonProcess(nonce: "x", host: "other", pid: pid, pidSpace: "another-boot pid:[4026531836]", pidStart: 1)
        #expect(!elsewhere.isGone(seenFrom: here))
        #expect(!DaemonProcess(nonce: "older").isGone(seenFrom: here))
        var sameSpace = elsewhere
        sameSpace.pidSpace = here.pidSpace
        #expect(sameSpace.isGone(seenFrom: here))
    }
}
