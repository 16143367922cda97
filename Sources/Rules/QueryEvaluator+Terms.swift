import Analysis
import WirewatchCore

/// Where a term's words are in the article: phrases, wildcards, words that must touch (Chinese written side by
/// side) and a possessive's "'s" between a phrase's words.
extension QueryEvaluator {
    /// Every non-overlapping place the words (or phrase) occur in the field.
    mutating func pushTermSpans(_ node: QueryProgram.Node) {
        let first = Int(node.a), count = Int(node.b - node.a)
        let anchor = node.termAnchor, field = node.termField, caseSensitive = node.termCaseSensitive, joins = node.termHasJoinedWords
        let occurrences = view.occurrences(of: program.word(first + anchor).id)
        guard !occurrences.isEmpty else { return }
        let range = view.tokenRange(field)
        var nextFree = range.lowerBound
        for k in occurrences {
            let lo = view.position(k) - anchor, hi = lo + count
            guard lo >= nextFree, hi <= range.upperBound else { continue }
            // "WHAT IT MEANS FOR US": in shouted text capitals say nothing, and `case:US` holds only where a name is read.
            if caseSensitive, view.shoutsPlainWord(in: lo..<hi) { continue }
            // A phrase does not run from one sentence into the next: a table's cells, a list's items, paragraphs and
            // the title end sentences ("Donald" in one cell and "Trump" in the next; the blank line after the title).
            if count > 1, view.tokenSentence[lo] != view.tokenSentence[hi - 1] { continue }
            if count > 1 || caseSensitive, !wordsMatch(first: first, count: count, anchor: anchor, at: lo, caseSensitive: caseSensitive) {
                // "DeepSeek models" in "DeepSeek's models": the apostrophe's "s" is passed over (trial4 finding 6).
                guard count > 1, !caseSensitive, let span = spanOverApostropheS(first: first, count: count, anchor: anchor, at: view.position(k),
                                                                 within: range, caseSensitive: caseSensitive),
                      span.lo >= nextFree, view.tokenSentence[span.lo] == view.tokenSentence[span.hi - 1] else { continue }
                spans.append(span)
                nextFree = span.hi
                continue
            }
            if joins, !joinedWordsTouch(first: first, count: count, at: lo) { continue }
            spans.append(TokenSpan(lo: lo, hi: hi))
            nextFree = hi
        }
    }

    /// Whether the tokens of the term's joined words (`TermClause.Word.joinedToPrevious`: "深度求索" written side by
    /// side, "AT&T") are joined to the token before, at tokens `lo...`: a phrase of Chinese characters does not run
    /// across "，" or "。", and `AT&T` is not "at T-Mobile".
    func joinedWordsTouch(first: Int, count: Int, at lo: Int) -> Bool {
        for j in 1..<count where program.word(first + j).joined && !SideBySide.written(view.tokens[lo + j], joinedTo: view.tokens[lo + j - 1]) {
            return false
        }
        return true
    }

    /// Words whose "'s" is "is", "has" or "us", not a possessive.
    static let contractionHeads: Set<String> = ["it", "that", "what", "there", "here", "who", "he", "she", "let", "where", "how",
                                                "when", "why", "this", "everyone", "nobody", "someone", "everything", "nothing"]

    /// The phrase's span when its words are at the tokens around its anchor's token `at` with an apostrophe's
    /// "s" (`Token.isApostropheS`) between two of them that the phrase does not write; nil when it has none there
    /// or the words differ. Tried only where the words are not side by side: at most one more walk of the phrase's
    /// words per occurrence of its anchor, stopping at the first that differs.
    func spanOverApostropheS(first: Int, count: Int, anchor: Int, at p: Int, within range: Range<Int>, caseSensitive: Bool) -> TokenSpan? {
        var lo = p, hi = p + 1, passed = false
        func holds(_ j: Int, _ i: Int) -> Bool {
            let w = program.word(first + j)
            if w.kind == .any { return true }
            return Self.wordMatches(caseSensitive ? view.tokens[i].spelling : view.tokens[i].folded, program.strings[Int(w.text)], prefix: w.kind == .prefix)
        }
        func passes(_ i: Int, _ j: Int) -> Bool {
            // Here a phrase's "*" takes the word after a possessive's "s" (side by side, `wordsMatch` lets it take the
            // "s" itself: docs/rules.md says both); a contraction's "s" ("it's", "let's") is a word, "is" or "us"
            // (review of s27, 1, 2).
            range.contains(i) && view.tokens[i].isApostropheS && i > range.lowerBound
                && !Self.contractionHeads.contains(view.tokens[i - 1].folded) && (program.word(first + j).kind == .any || !holds(j, i))
        }
        for j in stride(from: anchor - 1, through: 0, by: -1) {
            var i = lo - 1
            if passes(i, j) { i -= 1; passed = true }
            guard range.contains(i), holds(j, i), !program.word(first + j + 1).joined || view.tokenEnd[i] == view.tokenStart[lo] else { return nil }
            lo = i
        }
        if caseSensitive, !holds(anchor, p) { return nil }
        for j in anchor + 1..<count {
            var i = hi
            if passes(i, j) { i += 1; passed = true }
            guard range.contains(i), holds(j, i), !program.word(first + j).joined || view.tokenStart[i] == view.tokenEnd[hi - 1] else { return nil }
            hi = i + 1
        }
        return passed ? TokenSpan(lo: lo, hi: hi) : nil
    }

    /// Whether the term's words are at tokens `lo...` (the anchor's token is known to be its word or prefix).
    func wordsMatch(first: Int, count: Int, anchor: Int, at lo: Int, caseSensitive: Bool) -> Bool {
        for j in 0..<count {
            let w = program.word(first + j)
            let i = lo + j
            guard w.kind != .any, j != anchor || caseSensitive else { continue }
            let token = caseSensitive ? view.tokens[i].spelling : view.tokens[i].folded
            guard Self.wordMatches(token, program.strings[Int(w.text)], prefix: w.kind == .prefix) else { return false }
        }
        return true
    }

    /// Whether a token is a term's word: that word, or for a wildcard word, starts with it.
    static func wordMatches(_ token: String, _ word: String, prefix: Bool) -> Bool {
        prefix ? token.utf8.starts(with: word.utf8) : token == word
    }
}
