import Foundation
import Store

/// The sink states (`SinkRunState`) a command beside the daemons can trust: those said by a daemon that runs
/// now. A daemon that stopped or died cannot take its word back, so the reader asks who runs: on a file
/// store, whoever holds the store lock (the pid it wrote there names the rows); on a shared store, the
/// daemons live in the roll call (a crashed one stops counting once its heartbeats stop).
public struct CurrentSinkStates: Sendable {
    /// The daemons that run on the store now, as the rows name them; empty when none does.
    public var daemons: [String]
    /// The rows of those daemons.
    public var states: [SinkRunState]

    public init(daemons: [String], states: [SinkRunState]) {
        self.daemons = daemons
        self.states = states
    }

    public static func read(from store: any DaemonStore, at location: StoreLocation, now: Date) throws -> CurrentSinkStates {
        let daemons: [String]
        if let presence = store.presence {
            daemons = try presence.roll().live(at: now)
        } else if let path = location.filePath, StoreLock.isHeld(storePath: path) {
            // Nil a moment after the daemon took the lock: it runs, and has said nothing yet.
            daemons = [StoreLock.pidWritten(storePath: path).map { "pid \($0)" } ?? "a daemon starting"]
        } else {
            daemons = []
        }
        let live = Set(daemons)
        return CurrentSinkStates(daemons: daemons, states: try store.sinkStates().filter { live.contains($0.daemon) })
    }
}
