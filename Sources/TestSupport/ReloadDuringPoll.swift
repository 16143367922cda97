import Foundation
import Synchronization

/// A reload that happens while a poll is held at a loopback feed server: set as a held answer's
/// `heldUntil`, it writes the new config and sends the daemon SIGHUP at the first look after `attach`,
/// and lets the answer go once `done` says the reload has had its effect. Driven from the server's
/// event loop, not the test's own task: in a loaded full suite that task can wait many seconds for a
/// thread, longer than the fetch's 20 s low-speed limit, and the poll then failed before the reload
/// it is meant to straddle.
public final class ReloadDuringPoll: Sendable {
    private struct Target: Sendable {
        let daemon: ChildProcess, configPath: String, config: String
        let done: @Sendable () -> Bool
    }
    private let target = Mutex<Target?>(nil)
    private let signalled = Atomic(false)

    public init() {}

    /// From now on, the held answer's next look writes `config` to `configPath` and signals `daemon`.
    public func attach(_ daemon: ChildProcess, writing config: String, to configPath: String, doneWhen done: @escaping @Sendable () -> Bool) {
        target.withLock { $0 = Target(daemon: daemon, configPath: configPath, config: config, done: done) }
    }

    /// Whether the held answer may go: once attached, the reload signalled, and `done` true.
    public var isDone: Bool {
        guard let target = target.withLock({ $0 }) else { return false }
        if !signalled.exchange(true, ordering: .acquiringAndReleasing) {
            try? target.config.write(toFile: target.configPath, atomically: true, encoding: .utf8)
            target.daemon.signal(SIGHUP)
        }
        return target.done()
    }
}
