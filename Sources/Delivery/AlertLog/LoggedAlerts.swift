import Foundation

/// The alert ids an alert log is known to hold: those of its most recent lines, at most
/// `capacity` of them, so the memory of a log that runs for years stays bounded. Every
/// line whose alert was raised at or after `completeSince` is among them (nil: every line).
struct LoggedAlerts {
    struct Line: Sendable, Hashable {
        var id: String
        var time: Date
    }

    let capacity: Int
    private var ids: Set<String> = []
    /// In file order, oldest first, so the oldest are forgotten first.
    private var lines: [Line] = []
    private(set) var completeSince: Date?

    init(capacity: Int = 100_000, completeSince: Date? = nil) {
        self.capacity = max(2, capacity)
        self.completeSince = completeSince
    }

    var count: Int { ids.count }

    func contains(_ id: String) -> Bool { ids.contains(id) }

    /// Whether an alert raised at `time` that is not known is certainly not in the log.
    func covers(_ time: Date) -> Bool { completeSince.map { time >= $0 } ?? true }

    /// A line just written (or read at the end of the log).
    mutating func append(_ line: Line) {
        guard ids.insert(line.id).inserted else { return }
        lines.append(line)
        if ids.count > capacity { forget(ids.count - capacity / 2) }
    }

    /// Lines found before the known ones (given oldest first): every line of the log raised at
    /// or after `since` is now known (nil: every line).
    mutating func prepend(_ older: [Line], since: Date?) {
        let new = older.filter { ids.insert($0.id).inserted }
        lines.insert(contentsOf: new, at: 0)
        if let known = completeSince { completeSince = since.map { min(known, $0) } }
        if ids.count > capacity { forget(ids.count - capacity / 2) }
    }

    /// Forgets lines taken back out of the log (their sync failed and the file was cut back),
    /// so that the retry writes them again. They are the newest, which no completeness bound counts on.
    mutating func takeBack(_ gone: Set<String>) {
        guard !gone.isEmpty else { return }
        ids.subtract(gone)
        lines.removeAll { gone.contains($0.id) }
    }

    /// Forgets the `n` oldest lines: the log is complete only after the newest of them.
    private mutating func forget(_ n: Int) {
        let gone = lines.prefix(n)
        for line in gone { ids.remove(line.id) }
        if let newest = gone.map(\.time).max() {
            // Times in the log have whole seconds: a line of the same second may be among those forgotten.
            let after = newest.addingTimeInterval(1)
            completeSince = max(completeSince ?? after, after)
        }
        lines.removeFirst(n)
    }
}
