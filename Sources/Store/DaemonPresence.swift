import Foundation

/// The roll call of daemons sharing one PostgreSQL store (docs/postgresql.md, "Sharing the polls"):
/// each says it is alive every few seconds and reads who else is, so that they can split the feeds
/// among themselves. A graceful stop takes the daemon's row away; a crashed daemon's row goes stale,
/// unless a daemon on the same machine sees that its process is gone and takes it away sooner.
/// The embedded SQLite store serves one daemon and has no roll call.
public protocol DaemonPresence: Sendable {
    /// This daemon's name in the roll call (the owner of its leases and claims).
    var owner: String { get }
    /// Says this daemon is alive at `now` and counts it live for `liveFor` seconds (its writer says how
    /// long, so daemons with different heartbeats agree on who is live); returns the roll call, sorted by
    /// name, this daemon's row among them (rows no longer live too: `DaemonRow.isLive`). A live row under
    /// this daemon's name written by another process (another nonce) throws `DaemonNameInUse` and is left as it is.
    func heartbeat(now: Date, liveFor: TimeInterval, process: DaemonProcess) throws -> [DaemonRow]
    /// Takes this daemon's name over from `holder`, a process the caller knows is gone although its row is
    /// still live (a restart right after a crash); throws `DaemonNameInUse` when the row is no longer
    /// `holder`'s. Otherwise as `heartbeat`.
    func takeOver(from holder: DaemonProcess, now: Date, liveFor: TimeInterval, process: DaemonProcess) throws -> [DaemonRow]
    /// Deletes another daemon's row, the caller having seen its process gone; a row written since by
    /// another process (another nonce) is left.
    func forget(_ row: DaemonRow) throws
    /// The roll call as it stands, for a command beside the daemons: nothing is written.
    func roll() throws -> [DaemonRow]
    /// Takes this daemon off the roll call (a graceful stop): the others stop counting it at once. Only the row
    /// of `process`: a daemon that stalled past its window and was replaced under its name (a restart) must not
    /// delete its successor's row when it stops at last.
    func leave(_ process: DaemonProcess) throws
}

/// A daemon's process, as its row records it: who it is for people (host, pid), and what lets a daemon
/// restarted on the same machine tell its crashed predecessor from a running twin.
public struct DaemonProcess: Sendable, Hashable, Codable {
    /// This process's own random token: another process answering under the same name is told apart.
    public var nonce: String
    /// The machine's host name, for people.
    public var host: String?
    public var pid: Int32?
    /// Where `pid` names this process: the machine (machine id and host name) and the pid namespace. Two
    /// processes with the same can see each other's pids; a process on another machine or in another
    /// container has another (one from before a reboot has the same, and its pid's start time tells it apart).
    public var pidSpace: String?
    /// When the process started, in clock ticks after boot: a pid since reused by another process has another.
    public var pidStart: Int64?

    public init(nonce: String, host: String? = nil, pid: Int32? = nil, pidSpace: String? = nil, pidStart: Int64? = nil) {
        self.nonce = nonce
        self.host = host
        self.pid = pid
        self.pidSpace = pidSpace
        self.pidStart = pidStart
    }
}

/// One daemon in the roll call.
public struct DaemonRow: Sendable, Hashable {
    public var owner: String
    /// Host, pid and the rest are nil for a row an older wirewatch wrote.
    public var process: DaemonProcess
    public var started: Date
    public var heard: Date
    /// Until when its writer counts it live.
    public var liveUntil: Date

    public init(owner: String, process: DaemonProcess, started: Date, heard: Date, liveUntil: Date) {
        self.owner = owner
        self.process = process
        self.started = started
        self.heard = heard
        self.liveUntil = liveUntil
    }

    public func isLive(at now: Date) -> Bool { liveUntil >= now }
}

extension Sequence<DaemonRow> {
    /// The names of the daemons live at `now`, in the roll call's order.
    public func live(at now: Date) -> [String] { filter { $0.isLive(at: now) }.map(\.owner) }
}

/// Another running daemon answers the roll call under this daemon's name (`$WIREWATCH_OWNER` given to
/// both): the store would take them for one daemon, and both would poll its feeds and send its deliveries.
public struct DaemonNameInUse: Error, CustomStringConvertible {
    public var owner: String
    /// How long ago the other daemon was heard.
    public var heardAgo: TimeInterval
    /// The process its row names, for a caller that can tell whether it is gone.
    public var holder: DaemonProcess?

    public init(owner: String, heardAgo: TimeInterval, holder: DaemonProcess? = nil) {
        self.owner = owner
        self.heardAgo = heardAgo
        self.holder = holder
    }

    public var description: String {
        let whose = [holder?.host, holder?.pid.map { "pid \($0)" }].compactMap { $0 }.joined(separator: " ")
        return "another running daemon already uses the name \(owner) in this database ("
            + (whose.isEmpty ? "" : "\(whose), ") + "heard \(Int(max(0, heardAgo.rounded()))) s ago); "
            + "names must be unique: give each daemon its own $WIREWATCH_OWNER, or none"
    }
}
