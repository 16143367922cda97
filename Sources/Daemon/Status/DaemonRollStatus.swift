import Foundation
import Store
import WirewatchCore

/// One daemon of a shared store's roll call as `wirewatch store daemons` shows it (docs/postgresql.md,
/// "Seeing the share"): who it is, since when, whether it still counts as live, and how many of the
/// config's feeds prefer it.
public struct DaemonRollStatus: Sendable, Hashable, Codable {
    public var owner: String
    /// Nil for a row an older wirewatch wrote.
    public var host: String?
    public var pid: Int32?
    public var started: Date
    public var heard: Date
    public var liveUntil: Date
    public var live: Bool
    /// Of the config's feeds, how many prefer it (0 once it is no longer live).
    public var preferredFeeds: Int
    /// This config's daemon: named `$WIREWATCH_OWNER` when that is set, else running on this machine.
    public var here: Bool

    /// The config's store's roll call; throws `NotShared` for a store only one daemon uses.
    public static func load(config: DaemonConfig, environment: [String: String] = ProcessInfo.processInfo.environment,
                            now: Date = Date()) throws -> [DaemonRollStatus] {
        guard case .postgres = config.store else { throw NotShared() }
        let store = try config.store.openBesideDaemon(readOnly: true)
        guard let presence = store.presence else { throw NotShared() }
        return all(SharedRoll(rows: try presence.roll(), now: now, environment: environment), feeds: config.feeds.map(\.id))
    }

    public static func all(_ roll: SharedRoll, feeds: [FeedID]) -> [DaemonRollStatus] {
        let share = roll.share
        return roll.rows.map { row in
            let live = row.isLive(at: roll.now)
            return DaemonRollStatus(
                owner: row.owner, host: row.process.host, pid: row.process.pid, started: row.started, heard: row.heard,
                liveUntil: row.liveUntil, live: live,
                preferredFeeds: live ? feeds.reduce(0) { $0 + (share?.preferred($1) == row.owner ? 1 : 0) } : 0,
                here: roll.isHere(row))
        }
    }

    /// The store is SQLite: one daemon, no roll call.
    public struct NotShared: Error, CustomStringConvertible {
        public var description: String { "only a shared PostgreSQL store has daemons to list; this config's store is a file, used by one daemon" }
    }
}

/// A shared store's roll call read at `now` by a command beside the daemons.
public struct SharedRoll: Sendable {
    public var rows: [DaemonRow]
    public var now: Date
    /// `$WIREWATCH_OWNER` as the command sees it, else nil: then this machine's daemons are the config's.
    var namedOwner: String?
    var pidSpace: String?

    public init(rows: [DaemonRow], now: Date, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.rows = rows
        self.now = now
        namedOwner = environment["WIREWATCH_OWNER"].flatMap { $0.isEmpty ? nil : $0 }
        pidSpace = DaemonProcess.pidSpace()
    }

    /// How the live daemons split the feeds: what each of them computes from the same set. Nil when none is live.
    public var share: PollShare? {
        let live = rows.live(at: now)
        return live.first.map { PollShare(me: $0, live: live) }
    }

    /// Whether `row` is this config's daemon: the one `$WIREWATCH_OWNER` names, else one on this machine.
    public func isHere(_ row: DaemonRow) -> Bool {
        if let namedOwner { return row.owner == namedOwner }
        return pidSpace != nil && row.process.pidSpace == pidSpace
    }
}
