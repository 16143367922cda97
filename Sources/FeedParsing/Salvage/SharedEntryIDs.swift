/// Entries that reuse an id another entry of the document has. Some feeds give
/// every item one `<guid>` (a constant, the site's home page): read by id, all
/// but the first would be "seen" and never alerted on. Entries sharing an id are
/// told apart by their link, or by title and date when neither has a link, and
/// by their text when those are the whole id (two items titled "Market
/// update", no guid, link or date): what `EntryIdentity` reads after the id. Entries
/// of one id with one link stay one (an item listed twice, its title edited, is
/// still the item already seen), as do linkless copies with one text.
extension ParsedFeed {
    /// Gives the entries of each shared id that differ their own; the problem says how many.
    mutating func distinguishSharedIDs() -> FeedProblem? {
        // Each id's first entry and what would tell it apart.
        var first: [String: (own: String, text: String?)] = [:]
        var shared: Set<String> = []
        var example: String?
        for entry in entries {
            let own = Self.ownID(entry), text = Self.textKey(entry)
            guard let other = first[entry.id] else { first[entry.id] = (own, text); continue }
            // Text tells apart only entries whose id is their title and date already: an explicit id
            // shared by entries of one title is one item listed twice, its body edited in one copy.
            let differs = own != other.own || (entry.id == own && text != nil && other.text != nil && text != other.text)
            if differs, shared.insert(entry.id).inserted, example == nil { example = entry.id }
        }
        guard let example else { return nil }
        // The new ids differ exactly where the entries were found to differ:
        // by link, title and date, and by text only where those are one.
        var texts: [String: Set<String>] = [:]
        for entry in entries where shared.contains(entry.id) && entry.id == Self.ownID(entry) {
            if let text = Self.textKey(entry) { texts[entry.id, default: []].insert(text) }
        }
        var count = 0
        for i in entries.indices where shared.contains(entries[i].id) {
            let own = Self.ownID(entries[i])
            if entries[i].id == own, (texts[own]?.count ?? 0) > 1 {
                entries[i].id = own + "/" + EntryIdentity.byText(entries[i])
            } else {
                entries[i].id = own
            }
            count += 1
        }
        return .sharedIDs(entries: count, example: example)
    }

    private static func ownID(_ e: ParsedEntry) -> String {
        EntryIdentity.id(explicit: nil, link: e.link, title: e.title, date: e.published ?? e.updated)
    }

    /// The text that tells linkless entries apart; nil for an entry with a link, which its link tells apart.
    private static func textKey(_ e: ParsedEntry) -> String? {
        if let link = e.link, !link.isEmpty { return nil }
        return EntryIdentity.text(of: e)
    }
}
