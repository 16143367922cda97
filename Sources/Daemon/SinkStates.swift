import Foundation
import Logging
import Store
import Synchronization

/// Whether each sink of this daemon runs (`SinkRunState`): said to the store for `deliver list`, which has
/// no other way to learn that a sink a reload added could not start and its alerts pile up, and kept
/// for `/metrics` (`wirewatch_sink_up`). The delivery crew tells it as sinks start, fail to start and go.
final class SinkStates: Sendable {
    private struct Book {
        var states: [String: SinkRunState] = [:]
        /// Bumped by every change; the writer notes the one it saved.
        var version = 0
    }

    private let store: any DaemonStore
    /// This daemon's name in the rows: its roll-call name on a shared store, its pid (the one the store
    /// lock holds) on a file store.
    let daemon: String
    private let logger: Logger
    private let book = Mutex(Book())
    /// The version last saved (-1: none yet, so the first save replaces what an earlier daemon said), or nil
    /// after a failed save; held while saving, so a later state is never overwritten by an earlier one saved late.
    private let saved = Mutex<Int?>(-1)

    init(store: any DaemonStore, logger: Logger) {
        self.store = store
        daemon = store.presence?.owner ?? "pid \(getpid())"
        self.logger = logger
    }

    /// A sink's worker started (at the daemon's start, or a reload's).
    func started(_ sink: String, now: Date) {
        change { $0[sink] = SinkRunState(sink: sink, daemon: daemon, running: true, since: now) }
    }

    /// A sink could not start; a reload that fails it again for the same reason keeps the time it first did.
    func notStarted(_ sink: String, reason: String, now: Date) {
        change { states in
            if let before = states[sink], !before.running, before.reason == reason { return }
            states[sink] = SinkRunState(sink: sink, daemon: daemon, running: false, reason: reason, since: now)
        }
    }

    /// Forgets the sinks not in `sinks` (a reload took them out).
    func keep(only sinks: Set<String>) {
        change { states in states = states.filter { sinks.contains($0.key) } }
    }

    /// Each sink's state, for `wirewatch_sink_up`.
    var up: [String: Bool] { book.withLock { $0.states.mapValues(\.running) } }

    /// Writes the states to the store unless they are there already. A store that fails is said once (and
    /// once when it takes them again): the next change, or the next poll, tries again.
    func save() {
        saved.withLock { saved in
            let (states, version) = book.withLock { (Array($0.states.values).sorted { $0.sink < $1.sink }, $0.version) }
            guard saved != version else { return }
            do {
                try store.recordSinkStates(states, daemon: daemon)
                if saved == nil { logger.notice("sink states saved to the store again") }
                saved = version
            } catch {
                if saved != nil {
                    logger.warning("sink states could not be saved to the store: 'wirewatch deliver list' may show them stale until they are",
                                   metadata: ["error": "\(error)"])
                }
                saved = nil
            }
        }
    }

    private func change(_ body: (inout [String: SinkRunState]) -> Void) {
        book.withLock { b in
            let before = b.states
            body(&b.states)
            if b.states != before { b.version += 1 }
        }
    }
}
