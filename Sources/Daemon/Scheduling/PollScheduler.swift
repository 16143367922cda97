import Foundation
import Logging
import ServiceLifecycle
import WirewatchCore

/// Polls every feed at its interval (fixed for now), a bounded number at a time.
/// Time comes from the injected clock.
final class PollScheduler: Service, @unchecked Sendable {
    private let poller: FeedPoll
    private let setup: @Sendable () -> WatchSetup
    private let clock: any WirewatchClock
    private let onAlerts: @Sendable () async -> Void
    private let onCycle: @Sendable ([FeedPoll.Report]) async -> Void
    private let logger: Logger

    init(poller: FeedPoll, setup: @escaping @Sendable () -> WatchSetup, clock: any WirewatchClock, logger: Logger,
         onAlerts: @escaping @Sendable () async -> Void, onCycle: @escaping @Sendable ([FeedPoll.Report]) async -> Void = { _ in }) {
        self.poller = poller
        self.setup = setup
        self.clock = clock
        self.logger = logger
        self.onAlerts = onAlerts
        self.onCycle = onCycle
    }

    func run() async throws {
        try await cancelWhenGracefulShutdown { try await self.loop() }
    }

    private func loop() async throws {
        var nextPoll: [FeedID: Date] = [:]
        do {
            while !Task.isCancelled {
                let current = self.setup()
                let now = self.clock.now()
                let feeds = current.config.feeds
                let due = feeds.filter { (nextPoll[$0.id] ?? .distantPast) <= now }
                if !due.isEmpty {
                    let reports = await self.pollAll(due, setup: current)
                    for feed in due {
                        nextPoll[feed.id] = self.clock.now().addingTimeInterval(feed.interval ?? current.config.poll.interval)
                    }
                    if reports.contains(where: { $0.newAlerts > 0 }) { await self.onAlerts() }
                    await self.onCycle(reports)
                }
                let wake = feeds.compactMap { nextPoll[$0.id] }.min() ?? now.addingTimeInterval(current.config.poll.interval)
                try await self.clock.sleep(until: min(wake, self.clock.now().addingTimeInterval(60)))
            }
        } catch is CancellationError {
            return
        }
    }

    private func pollAll(_ feeds: [FeedConfig], setup: WatchSetup) async -> [FeedPoll.Report] {
        await withTaskGroup(of: FeedPoll.Report.self) { group in
            var reports: [FeedPoll.Report] = []
            var iterator = feeds.makeIterator()
            for _ in 0..<min(setup.config.poll.concurrency, feeds.count) {
                if let f = iterator.next() { group.addTask { await self.poller.poll(f, setup: setup) } }
            }
            while let r = await group.next() {
                reports.append(r)
                if let f = iterator.next() { group.addTask { await self.poller.poll(f, setup: setup) } }
            }
            return reports
        }
    }
}
