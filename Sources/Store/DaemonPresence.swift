import Foundation

/// The roll call of daemons sharing one PostgreSQL store (docs/postgresql.md, "Sharing the polls"):
/// each says it is alive every few seconds and reads who else is, so that they can split the feeds
/// among themselves. A graceful stop takes the daemon's row away; a crashed daemon's row goes stale.
/// The embedded SQLite store serves one daemon and has no roll call.
public protocol DaemonPresence: Sendable {
    /// This daemon's name in the roll call (the owner of its leases and claims).
    var owner: String { get }
    /// Says this daemon is alive at `now`; returns, sorted, the daemons heard from at `liveSince` or
    /// later, this one included.
    func heartbeat(now: Date, liveSince: Date) throws -> [String]
    /// Takes this daemon off the roll call (a graceful stop): the others stop counting it at once.
    func leave() throws
}
