import Foundation

/// Which entries of a document with more than `ParseLimits.maxEntries` are read. The newest by
/// date, when the entries carry dates: the cap bounds the work of one poll, and a feed listed
/// oldest first (an archive, a podcast, a changelog) kept to its first entries never showed an
/// entry it added, all of them past the cap at its end (trial2 finding 18). Entries of one date
/// are taken in document order, and entries without a date after every dated one, in document
/// order; without any date, the first in document order. What was kept stays in document order.
enum EntryCap {
    /// `items` cut to `limit`; `date` is asked only when there are more.
    static func keep<Item>(_ items: [Item], limit: Int, date: (Item) -> Date?) -> (items: [Item], kept: FeedProblem.EntriesKept) {
        guard items.count > limit else { return (items, .first) }
        let dates = items.map(date)
        guard dates.contains(where: { $0 != nil }) else { return (Array(items.prefix(limit)), .first) }
        let chosen = dates.indices.sorted { a, b in
            switch (dates[a], dates[b]) {
            case let (x?, y?): x != y ? x > y : a < b
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): a < b
            }
        }.prefix(limit)
        guard let since = chosen.compactMap({ dates[$0] }).min() else { return (Array(items.prefix(limit)), .first) }
        return (chosen.sorted().map { items[$0] }, .newest(since: since))
    }
}
