extension ParsedFeed {
    /// Applies `limits` and records what they cut beside the problems found while reading;
    /// `problems` ends most consequential first.
    mutating func salvage(found: [FeedProblem], limits: ParseLimits) {
        var problems = found
        let inDocument = entries.count + entriesNotBuilt
        if inDocument > limits.maxEntries {
            let cut = found.contains { if case .tooManyElements = $0 { true } else { false } }
            problems.append(.tooManyEntries(found: inDocument, limit: limits.maxEntries, atLeast: cut, kept: entriesKept))
        }
        func cutWords(_ field: inout String?, html: Bool) -> Int {
            guard let text = field, let (cut, n) = LongWords.cut(text, limit: limits.maxWordBytes, html: html) else { return 0 }
            field = cut
            return n
        }
        var cuts = cutWords(&title, html: false) + cutWords(&subtitle, html: false)
        for i in entries.indices {
            // The summary, the content and its HTML usually carry the same text: a run cut in
            // each of them is one run of the document. Content text still to be rendered is cut
            // when it is (reading it here would render every body of every parse).
            let body = [cutWords(&entries[i].summary, html: false), entries[i].contentText.cutWords(limit: limits.maxWordBytes),
                        cutWords(&entries[i].contentHTML, html: true)].max() ?? 0
            cuts += cutWords(&entries[i].title, html: false) + body
        }
        if cuts > 0 { problems.append(.wordsCut(count: cuts, limit: limits.maxWordBytes)) }
        self.problems = problems.sorted { $0.rank < $1.rank }
    }
}

extension FeedProblem {
    /// Lost entries first, then lost text, then repairs that lost nothing.
    var rank: Int {
        switch self {
        case .tooManyEntries: 0
        case .tooManyElements: 1
        case .nestingTooDeep: 2
        case .textCut: 3
        case .wordsCut: 4
        case .unknownCharset, .mislabelledCharset: 5
        case .invalidBytes: 6
        case .controlCharactersDropped: 7
        case .notWellFormed: 8
        case .declarationsIgnored: 9
        case .sharedIDs: 10
        }
    }
}
