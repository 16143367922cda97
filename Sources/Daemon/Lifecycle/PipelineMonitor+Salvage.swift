import WirewatchCore

/// Which feeds stand on a document read with repairs, for the status line and /metrics.
extension PipelineMonitor {
    /// After each poll: a salvaged document (or a 304 that kept one) puts the feed in; anything else takes it out.
    func note(_ report: FeedPoll.Report) {
        update { $0.salvaged[report.feed] = report.salvage }
    }

    /// At start, from the store: a feed salvaged before a restart stays so until its next document.
    func seedSalvaged(_ states: [FeedState]) {
        update { snapshot in
            for s in states where s.lastOutcome == FeedState.salvaged { snapshot.salvaged[s.feed] = s.lastError ?? "" }
        }
    }
}

extension PipelineMonitor.Snapshot {
    /// Configured feeds whose last document was salvaged and that are not broken (broken says more).
    var salvagedFeeds: Set<FeedID> {
        Set(salvaged.keys.filter { schedules[$0] != nil && !brokenFeeds.contains($0) })
    }

    /// Configured feeds whose last poll failed, not broken and not counted as salvaged.
    var failingCount: Int {
        failingFeeds.count { salvaged[$0] == nil }
    }
}
