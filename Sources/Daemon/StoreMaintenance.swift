import Delivery
import Foundation
import Logging
import ServiceLifecycle
import Store
import WirewatchCore

/// Applies the retention: shortly after start, then every `store.prune_every`, it deletes
/// what the store no longer needs in small transactions (the pipeline's commits slip in
/// between them), hands surplus free pages back, checkpoints the WAL and refreshes the
/// planner's statistics. Time comes from the injected clock; retention from the current
/// setup, so a reload changes it.
struct StoreMaintenance: Service {
    /// What one maintenance run did.
    struct Report: Sendable {
        var deleted: [RetentionSweep.Table: Int] = [:]
        var deliveries = 0
        var batches = 0
        var longestHold: Duration = .zero
        var reclaimedPages = 0
        var bytes = 0
        var freePages = 0
        var longestHoldSeconds: Double { longestHold / .seconds(1) }
    }

    let store: any DaemonStore
    let setup: @Sendable () -> WatchSetup
    let clock: any WirewatchClock
    let logger: Logger
    var firstRunAfter: TimeInterval = 120
    var batchSize = 500
    /// Free pages up to this fraction of the file are kept for new rows to reuse.
    var keepFree = 0.25
    var onReport: @Sendable (Report) -> Void = { _ in }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var next = clock.now().addingTimeInterval(firstRunAfter)
            while !Task.isCancelled {
                do { try await clock.sleep(until: next) } catch { return }
                do {
                    let report = try await maintain(now: clock.now())
                    onReport(report)
                    log(report)
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("store maintenance failed; it will try again", metadata: ["error": "\(error)"])
                }
                next = clock.now().addingTimeInterval(setup().config.retention.every)
            }
        }
    }

    /// One run: prune, then give space back. Stops between two batches when cancelled.
    func maintain(now: Date) async throws -> Report {
        let setup = setup()
        let windows = setup.rules.rules.map(\.throttle.window)
        let cutoffs = setup.config.retention.cutoffs(now: now, storyMemory: StoryRegistry.defaultMemory,
                                                     longestThrottleWindow: windows.max() ?? 0,
                                                     configuredFeeds: Set(setup.config.feeds.map(\.id)))
        var report = Report()
        var sweep = store.retentionSweep(cutoffs: cutoffs, batchSize: batchSize)
        while let batch = try sweep.next() {
            report.deleted[batch.table, default: 0] += batch.rows
            report.deliveries += batch.deliveries
            report.batches += 1
            report.longestHold = max(report.longestHold, batch.held)
            try Task.checkCancellation()
            await Task.yield()
        }
        // A server (PostgreSQL) looks after its own space.
        guard let upkeep = store.fileUpkeep else { return report }
        var space = try upkeep.space()
        while space.reclaimable, space.freePages > Int(Double(space.pages) * keepFree) {
            let surplus = space.freePages - Int(Double(space.pages) * keepFree)
            report.longestHold = max(report.longestHold, try upkeep.reclaim(pages: min(surplus, 512)))
            let after = try upkeep.space()
            report.reclaimedPages += space.pages - after.pages
            guard after.pages < space.pages else { break }
            space = after
            try Task.checkCancellation()
            await Task.yield()
        }
        try upkeep.checkpointAndOptimize()
        report.bytes = space.bytes
        report.freePages = space.freePages
        return report
    }

    private func log(_ report: Report) {
        var meta: Logger.Metadata = [
            "batches": "\(report.batches)",
            "longest_batch_ms": "\(String(format: "%.1f", report.longestHoldSeconds * 1000))",
        ]
        // A file the daemon looks after (a server's space is the server's to report).
        if report.bytes > 0 {
            meta["store_bytes"] = "\(report.bytes)"; meta["free_pages"] = "\(report.freePages)"; meta["reclaimed_pages"] = "\(report.reclaimedPages)"
        }
        for (table, n) in report.deleted where n > 0 { meta[table.rawValue] = "\(n)" }
        if report.deliveries > 0 { meta["deliveries"] = "\(report.deliveries)" }
        let pruned = report.deleted.values.reduce(0, +) + report.reclaimedPages
        logger.log(level: pruned > 0 ? .info : .debug, "store pruned", metadata: meta)
    }
}
