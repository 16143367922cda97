/// Entries that reuse an id another entry of the document has. Some feeds give
/// every item one `<guid>` (a constant, the site's home page): read by id, all
/// but the first would be "seen" and never alerted on. Entries sharing an id are
/// told apart by their link, or by title and date when neither has a link: what
/// `EntryIdentity` reads after the id. Entries of one id with one link stay one
/// (an item listed twice, its title edited, is still the item already seen).
extension ParsedFeed {
    /// Gives the entries of each shared id that differ their own; the problem says how many.
    mutating func distinguishSharedIDs() -> FeedProblem? {
        // Each id's first entry and what would tell it apart.
        var first: [String: String] = [:]
        var shared: Set<String> = []
        var example: String?
        for entry in entries {
            let own = Self.ownID(entry)
            guard let other = first[entry.id] else { first[entry.id] = own; continue }
            if own != other, shared.insert(entry.id).inserted, example == nil { example = entry.id }
        }
        guard let example else { return nil }
        // The new ids differ exactly where the entries were found to differ.
        var count = 0
        for i in entries.indices where shared.contains(entries[i].id) {
            entries[i].id = Self.ownID(entries[i])
            count += 1
        }
        return .sharedIDs(entries: count, example: example)
    }

    private static func ownID(_ e: ParsedEntry) -> String {
        EntryIdentity.id(explicit: nil, link: e.link, title: e.title, date: e.published ?? e.updated)
    }
}
