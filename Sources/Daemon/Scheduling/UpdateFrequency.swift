import Foundation

/// How often a feed publishes, read from its entries' dates.
enum UpdateFrequency {
    /// Half the typical gap between the newest entries — or half the silence
    /// since the newest, when that is longer — so a busy feed is polled about
    /// twice per new article and a quiet one lets itself be forgotten. Nil
    /// when fewer than two entries carry a date.
    static func interval(entryDates: [Date], now: Date, sample: Int = 10) -> TimeInterval? {
        // Dates in the future beyond a little clock skew are a publisher's mistake.
        let recent = entryDates.filter { $0 <= now.addingTimeInterval(300) }.sorted(by: >).prefix(sample)
        guard recent.count >= 2, let newest = recent.first, let oldest = recent.last else { return nil }
        let meanGap = newest.timeIntervalSince(oldest) / Double(recent.count - 1)
        guard meanGap > 0 else { return nil }
        return max(meanGap, now.timeIntervalSince(newest)) / 2
    }
}
