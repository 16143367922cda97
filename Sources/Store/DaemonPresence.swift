import Foundation

/// The roll call of daemons sharing one PostgreSQL store (docs/postgresql.md, "Sharing the polls"):
/// each says it is alive every few seconds and reads who else is, so that they can split the feeds
/// among themselves. A graceful stop takes the daemon's row away; a crashed daemon's row goes stale.
/// The embedded SQLite store serves one daemon and has no roll call.
public protocol DaemonPresence: Sendable {
    /// This daemon's name in the roll call (the owner of its leases and claims).
    var owner: String { get }
    /// Says this daemon is alive at `now` and counts it live for `liveFor` seconds (its writer says how
    /// long, so daemons with different heartbeats agree on who is live); returns, sorted, the daemons
    /// live at `now`, this one included. `nonce` is this process's own: a live row under this daemon's
    /// name written by another process throws `DaemonNameInUse` and is left as it is.
    func heartbeat(now: Date, liveFor: TimeInterval, nonce: String) throws -> [String]
    /// Takes this daemon off the roll call (a graceful stop): the others stop counting it at once.
    func leave() throws
}

/// Another running daemon answers the roll call under this daemon's name (`$WIREWATCH_OWNER` given to
/// both): the store would take them for one daemon, and both would poll its feeds and send its deliveries.
public struct DaemonNameInUse: Error, CustomStringConvertible {
    public var owner: String
    /// How long ago the other daemon was heard.
    public var heardAgo: TimeInterval

    public init(owner: String, heardAgo: TimeInterval) {
        self.owner = owner
        self.heardAgo = heardAgo
    }

    public var description: String {
        "another running daemon already uses the name \(owner) in this database (heard \(Int(max(0, heardAgo.rounded()))) s ago); "
            + "names must be unique: give each daemon its own $WIREWATCH_OWNER, or none"
    }
}
