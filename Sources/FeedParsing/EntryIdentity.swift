import Foundation
import WirewatchCore

/// An entry's identity within its feed: the explicit id when there is one,
/// else its link, else its title and date — stable across polls either way.
/// An entry with none of those (RSS allows an item that is only a
/// description: tickers, status pages, microblog bridges) is known by its text.
enum EntryIdentity {
    static func id(explicit: String?, link: String?, title: String?, date: Date?) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let link, !link.isEmpty { return link }
        let when = date.map { String(Int($0.timeIntervalSince1970)) } ?? ""
        return "title:" + StableHash.hex(title ?? "", when)
    }

    /// What `id` gives an entry with no id, link, title or date: every such entry
    /// of a feed would have it, and all but the first would be taken as seen.
    static let untitled = id(explicit: nil, link: nil, title: nil, date: nil)

    /// An entry known by nothing but its text (its content, else its summary).
    static func byText(_ entry: ParsedEntry) -> String { "text:" + StableHash.hex(text(of: entry)) }

    static func text(of entry: ParsedEntry) -> String { entry.contentHTML ?? entry.summary ?? "" }
}

extension ParsedFeed {
    /// Entries with no id, link, title or date take their text's identity, so
    /// that each is judged: under one shared id, every one after the first was
    /// dropped without a word.
    mutating func identifyUntitledEntries() {
        for i in entries.indices where entries[i].id == EntryIdentity.untitled {
            entries[i].id = EntryIdentity.byText(entries[i])
        }
    }
}
