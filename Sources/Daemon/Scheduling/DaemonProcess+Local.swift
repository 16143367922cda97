import Foundation
import Store

/// This process as its roll-call row records it, and whether the process another row names is gone: what
/// lets a daemon restarted right after a crash (systemd's Restart=on-failure, a SIGKILL, the OOM killer)
/// take its name over at once instead of being refused as a twin of its dead self, and lets a daemon
/// delete the rows its machine's dead daemons left (a crash loop). Linux's /proc; elsewhere the fields stay
/// nil and nothing is ever seen gone.
extension DaemonProcess {
    public static func this(nonce: String) -> DaemonProcess {
        let pid = getpid()
        return DaemonProcess(nonce: nonce, host: ProcessInfo.processInfo.hostName, pid: pid, pidSpace: pidSpace(),
                             pidStart: LinuxProcessStat(pid: pid)?.start)
    }

    /// Whether the process this row names is certainly gone, as seen from `here` (this process): on the same
    /// machine and in the same pid namespace, its pid names no process, a zombie, or a process started at
    /// another time (the pid was reused). Anything unsure (another machine, a row without a pid, a process
    /// /proc does not show, as under ProtectProc=invisible) is not gone: the row then stays live for its window.
    public func isGone(seenFrom here: DaemonProcess) -> Bool {
        guard let space = pidSpace, space == here.pidSpace, let pid, pid > 0, let pidStart else { return false }
        if pid == here.pid { return pidStart != here.pidStart }
        if kill(pid, 0) != 0, errno == ESRCH { return true }
        guard let now = LinuxProcessStat(pid: pid) else { return false }
        return now.zombie || now.start != pidStart
    }

    /// The machine (its machine id and host name) and this process's pid namespace: a pid means the same
    /// process only within both. Not the kernel's boot id: the shipped unit's `ProcSubset=pid` hides
    /// /proc/sys, and a key the daemon cannot read made every row "not gone" (no takeover after a crash).
    /// Across a reboot the pid's start time tells processes apart; were pid and start tick the same, the row
    /// is only "not gone", the safe side.
    static func pidSpace() -> String? {
        let machine = ["/etc/machine-id", "/var/lib/dbus/machine-id"].lazy.compactMap { path in
            (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }.first { !$0.isEmpty }
        guard let namespace = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid") else { return nil }
        return "\(machine ?? "-") \(ProcessInfo.processInfo.hostName) \(namespace)"
    }
}

/// What /proc/PID/stat says of a process that matters here.
struct LinuxProcessStat {
    /// Clock ticks after boot (field 22).
    var start: Int64
    /// Dead, not yet reaped by its parent (state Z).
    var zombie: Bool

    init?(pid: Int32) {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // After the command name (in parentheses, and free to hold spaces or parentheses): field 3 on.
        let fields = text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count > 19, let start = Int64(fields[19]) else { return nil }
        self.start = start
        zombie = fields[0] == "Z" || fields[0] == "X"
    }
}
