/// Entries that reuse an id another entry of the document has. Some feeds give
/// every item one `<guid>` (a constant, the site's home page): read by id, all
/// but the first would be "seen" and never alerted on. Entries sharing an id
/// that are the same entry (same link and title) stay one; the others are told
/// apart by what `EntryIdentity` reads after the id, the link, else title and date.
extension ParsedFeed {
    /// Gives the entries of each shared id that differ their own; the problem says how many.
    mutating func distinguishSharedIDs() -> FeedProblem? {
        var first: [String: Int] = [:]
        var shared: [String] = []
        for (i, entry) in entries.enumerated() {
            guard let j = first[entry.id] else { first[entry.id] = i; continue }
            let other = entries[j]
            if (entry.link != other.link || entry.title != other.title) && !shared.contains(entry.id) { shared.append(entry.id) }
        }
        guard let example = shared.first else { return nil }
        let ids = Set(shared)
        var count = 0
        for i in entries.indices where ids.contains(entries[i].id) {
            let e = entries[i]
            entries[i].id = EntryIdentity.id(explicit: nil, link: e.link, title: e.title, date: e.published ?? e.updated)
            count += 1
        }
        return .sharedIDs(entries: count, example: example)
    }
}
