/// Words written in capitals for emphasis, not because they are acronyms or names: a line of three or
/// more words in capitals ("TELL US WHAT YOU THINK", "JOIN US LIVE"), a wire slug before a hyphen at the
/// start of a line ("REFILE-", "US STOCKS-", "UPDATE 2-") and a label before a colon ("FACT CHECK:").
/// There a capital says nothing: those words are read as if written in lower case, and a known acronym
/// that is also an everyday word ("US", "WHO", "IT") names something only first in the run ("US
/// TROOPS LEAVE", "WHO WARNS") or after "THE" ("THE US ECONOMY"), not after a verb ("TELL US").
/// A dateline ("BEIJING (Reuters) -", "SAN LUIS OBISPO, Calif. -") ends in a bracket or a comma, not a
/// hyphen glued to a word: it keeps its capitals.
struct ShoutedText {
    /// Per token: 0 outside a shouted run, 1 inside, 2 first in its run. Empty when there is none.
    private let marks: [UInt8]

    init(tokens: [Token], scalars: UnsafeBufferPointer<Unicode.Scalar>) {
        var marks: [UInt8] = []
        var i = 0
        while i < tokens.count {
            guard Self.isCaps(tokens[i]) else { i += 1; continue }
            var j = i
            var words = 0
            while j < tokens.count, tokens[j].sentence == tokens[i].sentence, Self.isCaps(tokens[j]) || tokens[j].shape.contains(.numeric),
                  j == i || NameSpans.spaced(tokens[j - 1], tokens[j], scalars) {
                if !tokens[j].shape.contains(.numeric) { words += 1 }
                j += 1
            }
            // tokens i..<j: capitals (and numbers) with only spaces between ("NATO, EU, US" is a list of names).
            let lineStart = tokens[i].start == 0 || scalars[tokens[i].start - 1] == "\n"
            let after = tokens[j - 1].end < scalars.count ? scalars[tokens[j - 1].end] : " "
            let glued = j < tokens.count && tokens[j].start == tokens[j - 1].end + 1 && !tokens[j].shape.contains(.numeric)
            let slug = lineStart && j - i <= 4 && after == "-" && glued && !Self.isHyphenatedDateline(j, tokens, scalars)
            let label = lineStart && words >= 2 && after == ":"
            let dateline = lineStart && (after == "," || after == " " && tokens[j - 1].end + 1 < scalars.count && scalars[tokens[j - 1].end + 1] == "(")
            if words >= 3 && !dateline || slug || label {
                if marks.isEmpty { marks = [UInt8](repeating: 0, count: tokens.count) }
                marks[i] = 2
                for k in (i + 1)..<max(j, i + 1) { marks[k] = 1 }
            }
            i = j
        }
        self.marks = marks
    }

    var isEmpty: Bool { marks.isEmpty }

    /// Token k is shouted.
    func contains(_ k: Int) -> Bool { !marks.isEmpty && marks[k] != 0 }

    /// A one-word known acronym at token k that is an everyday word shouted in a run, not first in it
    /// and not after "THE": "TELL US" is the pronoun.
    /// First in its run, it is the everyday word before a verb of a question: "WHO IS…", "WHO WON…" (trial6 finding 12).
    func isEverydayWord(_ k: Int, _ tokens: [Token]) -> Bool {
        guard !marks.isEmpty, marks[k] != 0, CommonWords.contains(tokens[k].folded) else { return false }
        if marks[k] == 2 {
            return k + 1 < tokens.count && marks[k + 1] != 0 && Self.questionVerbs.contains(tokens[k + 1].folded)
        }
        return tokens[k - 1].folded != "the"
    }

    private static let questionVerbs: Set<String> = [
        "is", "was", "are", "were", "won", "will", "can", "could", "should", "would", "did", "does", "do", "has", "had",
        "knew", "knows", "wants", "killed", "shot", "stole", "owns", "runs", "pays", "cares",
    ]

    /// `tokens` with the shouted words the gazetteer did not read no longer capitalised (the same array
    /// when nothing is shouted).
    func lowered(_ tokens: [Token], coveredType: [Int8]) -> [Token] {
        guard !marks.isEmpty else { return tokens }
        var out = tokens
        for k in out.indices where marks[k] != 0 && coveredType[k] < 0 {
            out[k].shape.remove(.capitalized)
            out[k].shape.remove(.allCaps)
        }
        return out
    }

    /// "WINSTON-SALEM, N.C. (AP) -": the word after the hyphen is in capitals too, and a comma or a
    /// bracket follows it.
    private static func isHyphenatedDateline(_ j: Int, _ tokens: [Token], _ scalars: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        guard tokens[j].shape.contains(.allCaps) else { return false }
        let e = tokens[j].end
        return e < scalars.count && (scalars[e] == "," || scalars[e] == " " && e + 1 < scalars.count && scalars[e + 1] == "(")
    }

    /// Capitals: two or more letters all upper case, or a single capital letter ("A NEW SITE").
    private static func isCaps(_ t: Token) -> Bool {
        t.shape.contains(.allCaps) || t.isCapitalized && t.text.unicodeScalars.count == 1
    }
}
