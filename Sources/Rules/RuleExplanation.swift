import Analysis
import WirewatchCore

/// Why a rule holds or not on one article, clause by clause: what
/// `rules test --explain` prints.
public struct RuleExplanation: Sendable, Hashable {
    /// The clause as written (compound clauses rebuilt from their parts).
    public var clause: String
    public var held: Bool
    /// What was found, or why the clause failed.
    public var detail: String
    public var children: [RuleExplanation]

    init(_ n: Int32, evaluator: QueryEvaluator) {
        var hits: [Hit] = []
        var evaluator = evaluator
        held = evaluator.holds(n, &hits)
        let program = evaluator.program, view = evaluator.view
        let node = program.nodes[Int(n)]
        clause = program.clause(n)
        let operands: [Int32]
        // `entity:Beijing` compiles to the city or China: explained as the one clause it was written as.
        let oneName = program.isOneEntityName(n)
        switch node.op {
        case _ where oneName: operands = []
        case .and, .or, .sentence: operands = (Int(node.a)..<Int(node.b)).map { program.child($0) }
        case .not: operands = [node.a]
        case .near, .onear: operands = [node.a, node.b]
        default: operands = []
        }
        children = operands.map { RuleExplanation($0, evaluator: evaluator) }
        let missing = "missing: " + children.filter { !$0.held }.map(\.clause).joined(separator: ", ")
        switch node.op {
        case _ where oneName:
            detail = held ? Self.mentions(hits.count) : "not recognised in the article"
        case .and:
            detail = held ? "all hold" : "fails: " + children.filter { !$0.held }.map(\.clause).joined(separator: ", ")
        case .or:
            detail = held ? "holds: " + children.filter(\.held).map(\.clause).joined(separator: ", ") : "none holds"
        case .not:
            detail = held ? "the excluded clause is absent" : "the excluded clause is present"
        case .near, .onear:
            if held {
                detail = "\(hits.count) place\(hits.count == 1 ? "" : "s") within \(node.c) word\(node.c == 1 ? "" : "s")"
            } else if children.allSatisfy(\.held) {
                detail = Self.nearMiss(node, evaluator: evaluator)
            } else {
                detail = missing
            }
        case .sentence:
            if held {
                detail = "\(hits.count) sentence\(hits.count == 1 ? "" : "s") hold\(hits.count == 1 ? "s" : "") them all"
            } else if children.allSatisfy(\.held) {
                detail = "each occurs, but never all in one sentence"
            } else {
                detail = missing
            }
        case .term:
            detail = held ? Self.found(hits.count)
                : "not found" + Self.fieldNote(node.termField) + Self.otherSpellings(node, program, view) + Self.phraseMiss(node, program, view)
                    + Self.otherForms(node, program, view)
        case .metadata:
            let t = program.metadata[Int(node.a)]
            let values = view.metadata(t.field).map(\.value)
            detail = held ? "found in \(t.field.rawValue)" : "\(t.field.rawValue) is " + (values.isEmpty ? "empty" : values.map { "'\($0)'" }.joined(separator: ", "))
        case .entity:
            detail = held ? Self.mentions(hits.count) : "not recognised in the article"
        case .child, .word:
            detail = ""
        case .topic:
            let t = program.topics[Int(node.a)]
            if let hit = view.input.analysis.topics.first(where: { $0.id == t.id }), hit.score > 0 {
                detail = held ? "score \(hit.score)" : "score \(hit.score) is below \(t.minScore)"
                    + (t.thresholdWritten ? "" : " (a topic without a threshold needs \(t.minScore); write topic:\(t.id)>0 for any mention)")
            } else {
                detail = "the article does not have this topic"
            }
        }
    }

    private static func mentions(_ n: Int) -> String { "\(n) mention\(n == 1 ? "" : "s")" }

    private static func found(_ n: Int) -> String { "found \(n) time\(n == 1 ? "" : "s")" }

    /// For a case-sensitive term that failed, how the article writes its
    /// anchor word (at most three spellings): "not found" alone reads as if
    /// the word were absent.
    private static func otherSpellings(_ node: QueryProgram.Node, _ program: QueryProgram, _ view: ArticleView) -> String {
        guard node.termCaseSensitive else { return "" }
        let word = program.word(Int(node.a) + node.termAnchor)
        let written = program.strings[Int(word.text)]
        var spellings: [String] = []
        for k in view.occurrences(of: word.id) where spellings.count < 3 {
            let text = view.tokens[view.position(k)].text
            // Written as the rule writes it, the word is not why the term failed.
            if QueryEvaluator.wordMatches(view.tokens[view.position(k)].spelling, written, prefix: word.kind == .prefix) { continue }
            if !spellings.contains(text) { spellings.append(text) }
        }
        guard !spellings.isEmpty else { return "" }
        return " as written; the article writes \(written) as " + spellings.map { "'\($0)'" }.joined(separator: ", ")
            + " (a case: term matches only as written)"
    }

    /// For a phrase that failed where its words stand in order across a sentence's end ("met Donald. Trump Tower"):
    /// "not found" alone reads as if they were not there.
    private static func acrossSentences(_ node: QueryProgram.Node, _ program: QueryProgram, _ view: ArticleView) -> String {
        let first = Int(node.a), count = Int(node.b - node.a), anchor = node.termAnchor
        guard count > 1 else { return "" }
        let evaluator = QueryEvaluator(view: view, program: program)
        let range = view.tokenRange(node.termField)
        for k in view.occurrences(of: program.word(first + anchor).id) {
            let lo = view.position(k) - anchor, hi = lo + count
            guard lo >= range.lowerBound, hi <= range.upperBound, view.tokenSentence[lo] != view.tokenSentence[hi - 1],
                  evaluator.wordsMatch(first: first, count: count, anchor: anchor, at: lo, caseSensitive: node.termCaseSensitive) else { continue }
            return "; its words are there in order, but not in one sentence ('\(written(lo..<hi, view))'), and a phrase stays inside one sentence"
        }
        return ""
    }

    /// For a term whose words are joined (`AT&T`, `深度求索`) that failed where its words stand in order but apart
    /// ("at T-Mobile"): "never together in this order" was untrue there.
    private static func notJoined(_ node: QueryProgram.Node, _ program: QueryProgram, _ view: ArticleView) -> String {
        let first = Int(node.a), count = Int(node.b - node.a), anchor = node.termAnchor
        guard count > 1, node.termHasJoinedWords else { return "" }
        let evaluator = QueryEvaluator(view: view, program: program)
        let range = view.tokenRange(node.termField)
        for k in view.occurrences(of: program.word(first + anchor).id) {
            let lo = view.position(k) - anchor, hi = lo + count
            guard lo >= range.lowerBound, hi <= range.upperBound, view.tokenSentence[lo] == view.tokenSentence[hi - 1],
                  evaluator.wordsMatch(first: first, count: count, anchor: anchor, at: lo, caseSensitive: node.termCaseSensitive),
                  !evaluator.joinedWordsTouch(first: first, count: count, at: lo) else { continue }
            return "; its words are there in order ('\(written(lo..<hi, view))'), but not joined as the term writes them "
                + "(by '&', or characters side by side)"
        }
        return ""
    }

    /// Why a phrase that failed did: where its words stand in order across a sentence's end or not joined as the
    /// term joins them, else which are missing.
    private static func phraseMiss(_ node: QueryProgram.Node, _ program: QueryProgram, _ view: ArticleView) -> String {
        for reason in [acrossSentences(node, program, view), notJoined(node, program, view)] where !reason.isEmpty { return reason }
        return phraseWords(node, program, view)
    }

    /// For a phrase that failed, which of its words are not there at all (`"OpenAI's models"` against "OpenAI
    /// models": its word 's'), or that each is, only never together: "not found" alone sent the operator looking.
    private static func phraseWords(_ node: QueryProgram.Node, _ program: QueryProgram, _ view: ArticleView) -> String {
        let first = Int(node.a), count = Int(node.b - node.a)
        guard count > 1, !node.termCaseSensitive else { return "" }
        let tokens = view.tokens[view.tokenRange(node.termField)]
        var absent: [String] = []
        for k in first..<first + count {
            let w = program.word(k)
            guard w.kind != .any else { continue }
            let text = program.strings[Int(w.text)], shown = text + (w.kind == .prefix ? "*" : "")
            if !absent.contains(shown), !tokens.contains(where: { QueryEvaluator.wordMatches($0.folded, text, prefix: w.kind == .prefix) }) {
                absent.append(shown)
            }
        }
        guard !absent.isEmpty else { return "; its words are each there, but never together in this order" }
        let listed = absent.map { "'\($0)'" }.joined(separator: ", ")
        return absent.count == 1 ? "; its word \(listed) is not there" : "; its words \(listed) are not there"
    }

    /// For a term that failed where the article has another form of one of its words ("tariffs" for `tariff`): a
    /// rule's words match whole words, and "not found" alone hid that (exploratory finding of stop 32).
    private static func otherForms(_ node: QueryProgram.Node, _ program: QueryProgram, _ view: ArticleView) -> String {
        guard !node.termCaseSensitive else { return "" }
        let tokens = view.tokens[view.tokenRange(node.termField)]
        var notes: [String] = []
        for k in Int(node.a)..<Int(node.b) where program.word(k).kind == .exact {
            let text = program.strings[Int(program.word(k).text)], stem = Stemmer.stem(text)
            var forms: [String] = []
            for t in tokens where forms.count < 3 && t.folded != text && !forms.contains(t.folded) && Stemmer.stem(t.folded) == stem {
                forms.append(t.folded)
            }
            guard !forms.isEmpty else { continue }
            let shared = forms.reduce(text) { a, b in String(zip(a, b).prefix { $0 == $1 }.map(\.0)) }
            notes.append("'\(forms.joined(separator: "', '"))' for \(text)" + (shared.count >= 3 ? " (\(shared)* matches every form)" : ""))
        }
        return notes.isEmpty ? "" : "; the article has " + notes.joined(separator: ", ") + ", and a rule's words match whole words"
    }

    /// The article's text of tokens `tokens`, on the one line an explanation has: a paragraph's end (a table
    /// cell's, a list item's) shown as ¶.
    static func written(_ tokens: Range<Int>, _ view: ArticleView) -> String {
        let scalars = view.input.analysis.text.unicodeScalars
        let a = scalars.index(scalars.startIndex, offsetBy: view.tokens[tokens.lowerBound].start)
        let b = scalars.index(scalars.startIndex, offsetBy: view.tokens[tokens.upperBound - 1].end)
        return String(scalars[a..<b]).split(whereSeparator: \.isNewline).joined(separator: " ¶ ")
    }

    private static func fieldNote(_ f: TextField) -> String {
        switch f {
        case .title: return " in the title"
        case .text: return " in the body"
        default: return ""
        }
    }

    /// The explanation as indented lines, `✓`/`✗` for held or failed.
    public func lines(indent: String = "") -> [String] {
        ["\(indent)\(held ? "✓" : "✗") \(clause) — \(detail)"] + children.flatMap { $0.lines(indent: indent + "    ") }
    }
}
