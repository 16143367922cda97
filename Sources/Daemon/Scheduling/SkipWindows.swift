import Foundation

/// RSS `<skipHours>` and `<skipDays>`: hours (GMT) and weekdays in which the
/// publisher asks aggregators not to poll.
struct SkipWindows: Sendable, Hashable {
    var hours: Set<Int>
    var days: Set<Int>

    private static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "GMT")!
        return c
    }()

    /// `date`, or the start of the first hour after it that is not skipped,
    /// but never later than `limit`. A publisher that skips every hour or
    /// every day is ignored rather than obeyed.
    func firstAllowed(from date: Date, limit: Date) -> Date {
        let hours = self.hours.filter { (0..<24).contains($0) }
        let days = self.days.filter { (1...7).contains($0) }
        guard hours.count < 24, days.count < 7, !(hours.isEmpty && days.isEmpty) else { return date }
        var t = date
        for _ in 0..<(8 * 24) {
            let parts = Self.calendar.dateComponents([.hour, .weekday], from: t)
            guard hours.contains(parts.hour ?? -1) || days.contains(parts.weekday ?? -1) else { return min(t, limit) }
            guard let hourStart = Self.calendar.dateInterval(of: .hour, for: t) else { return min(t, limit) }
            t = hourStart.end
            if t >= limit { return limit }
        }
        return min(t, limit)
    }
}
