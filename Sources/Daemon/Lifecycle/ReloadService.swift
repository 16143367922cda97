import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import WirewatchCore

/// Reloads on SIGHUP (`systemctl reload`), and when a file under the rules
/// directory changes. An edit is taken once the directory has looked the same
/// for one check, so an editor's half-written save is not loaded, or, when it
/// keeps changing, after a bounded wait (`RulesSettling`).
struct ReloadService: Service {
    /// Trapped before READY=1, so an early `systemctl reload` cannot kill the process.
    let hangups: UnixSignalsSequence
    let reloader: SetupReloader
    let current: CurrentSetup
    let clock: any WirewatchClock
    /// Sends READY=1 with the STATUS= line.
    let ready: @Sendable () -> Void
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                // SIGHUPs that arrive while a reload runs ask for one more, not one each: a burst
                // (a script's loop, a config management run) would otherwise queue a reload per signal,
                // and keep a SIGTERM behind them all.
                let (requests, request) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
                group.addTask {
                    for await _ in hangups { request.yield() }
                    request.finish()
                }
                group.addTask {
                    for await _ in requests {
                        if Task.isCancelled { break }
                        reloader.reload(reason: "SIGHUP", ready: ready)
                    }
                }
                group.addTask { await watchRules() }
                await group.waitForAll()
            }
        }
    }

    private func watchRules() async {
        var settling = RulesSettling()
        while !Task.isCancelled {
            let every = current.setup.config.daemon.watchRules
            // Off (0), the setting is looked at again each second, so that a reload turning watching back on
            // takes effect: this loop ended, and rule edits were ignored until a restart (exploratory finding).
            do { try await clock.sleep(until: clock.now().addingTimeInterval(every > 0 ? every : 1)) } catch { return }
            guard every > 0 else { settling = RulesSettling(); continue }
            let seen = RulesFingerprint.of(directory: current.setup.config.rulesDirectory)
            switch settling.observe(seen, loaded: reloader.rulesFingerprint, every: every) {
            case .wait: break
            case .stillChanging:
                logger.notice("rule files changed and are still changing; they are loaded once they stay the same for one check, or after \(settling.patience) checks")
            case .reload(let reason):
                reloader.reload(reason: reason, ready: ready)
            }
        }
    }
}
