/// Wire and photo credits: "Reporting by Heekyong Yang in Seoul; additional reporting by David
/// Shepardson in Washington; Editing by Sonali Paul", "Photo: Mark Schiefelbein/AP", "Image: AFP via
/// Getty Images", "Picture: EPA-EFE/Shutterstock". They say who made the story and its pictures, not
/// what it is about: from such a line's first word to its end, nothing is a name (no country from
/// "in Beijing", no PERSON for a reporter, no Environmental Protection Agency from "EPA-EFE").
/// A credit is known by how it starts a line or a sentence; a line of a name alone ("Getty Images" under a picture)
/// is not told from text and keeps its name.
struct CreditLines {
    /// Per token: inside a credit. Empty when the article has none.
    private let marks: [Bool]

    init(tokens: [Token], scalars: UnsafeBufferPointer<Unicode.Scalar>) {
        var marks: [Bool] = []
        var i = 0
        while i < tokens.count {
            let startsSentence = i == 0 || tokens[i - 1].sentence != tokens[i].sentence
            // A credit right after a credit ("Photo: …/AP. Image: AFP via Getty Images.") opens as at a line's start.
            let afterCredit = i > 0 && !marks.isEmpty && marks[i - 1]
            guard startsSentence, let length = Self.trigger(at: i, lineStart: afterCredit || Self.startsLine(tokens[i], scalars), tokens, scalars)
            else { i += 1; continue }
            var j = i + length
            while j < tokens.count, !(tokens[j - 1].end..<tokens[j].start).contains(where: { scalars[$0] == "\n" }) { j += 1 }
            // A credit is short: a picture's to its sentence's end (at most 12 words), a "by" credit's line when it
            // is a credit's length (40 words) and otherwise its first sentence. A paragraph that starts "Photo:" or
            // "Reporting by" and goes on with the story had lost every name in it (trial6 finding 3).
            // Short sentences after it on its line are credits too ("Photo: …/AP. Bloomberg via Getty Images.").
            let lineEnd = j
            func sentenceEnd(from k: Int) -> Int { tokens[k...].firstIndex { $0.sentence != tokens[k].sentence } ?? tokens.count }
            if Self.pictureWords.contains(tokens[i].folded) || j - i > 40 {
                j = min(lineEnd, sentenceEnd(from: i))
                if Self.pictureWords.contains(tokens[i].folded) { j = min(j, i + 12) }
                while j < lineEnd, sentenceEnd(from: j) - j <= 8 { j = min(lineEnd, sentenceEnd(from: j)) }
            }
            if marks.isEmpty { marks = [Bool](repeating: false, count: tokens.count) }
            for k in i..<j { marks[k] = true }
            i = j
        }
        self.marks = marks
    }

    var isEmpty: Bool { marks.isEmpty }

    func contains(_ k: Int) -> Bool { !marks.isEmpty && marks[k] }

    /// `tokens` with the credits' words no longer capitalised (the same array when there is none).
    func lowered(_ tokens: [Token]) -> [Token] {
        guard !marks.isEmpty else { return tokens }
        var out = tokens
        for k in out.indices where marks[k] {
            out[k].shape.remove(.capitalized)
            out[k].shape.remove(.allCaps)
            out[k].shape.remove(.innerCap)
        }
        return out
    }

    /// At the start of a line, after an opening bracket at most.
    private static func startsLine(_ t: Token, _ scalars: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        var p = t.start - 1
        while p >= 0, scalars[p] == " " || scalars[p] == "(" || scalars[p] == "[" { p -= 1 }
        return p < 0 || scalars[p] == "\n"
    }

    /// The number of words of a credit's opening at token i: "Reporting by", "Additional reporting by",
    /// "Writing by", "Editing by", "Compiled by", "Photo:", "Photo by", "Image:", "Picture:", "Credit:".
    /// The "by" forms open a credit at any sentence start ("… rose 2%. Reporting by Andrea Shalal"), the
    /// picture words only at a line's.
    private static func trigger(at i: Int, lineStart: Bool, _ tokens: [Token], _ scalars: UnsafeBufferPointer<Unicode.Scalar>) -> Int? {
        func word(_ k: Int) -> String? { k < tokens.count && tokens[k].sentence == tokens[i].sentence ? tokens[k].folded : nil }
        var k = i
        if word(k) == "additional" { k += 1 }
        if let w = word(k), byWords.contains(w), word(k + 1) == "by" { return k + 2 - i }
        if k == i, lineStart, let w = word(k), pictureWords.contains(w) {
            if word(k + 1) == "by" { return 2 }
            if tokens[k].end < scalars.count, scalars[tokens[k].end] == ":" { return 1 }
            // "Photo credit:", "Image credit:".
            if word(k + 1) == "credit", tokens[k + 1].end < scalars.count, scalars[tokens[k + 1].end] == ":" { return 2 }
        }
        return nil
    }

    private static let byWords: Set<String> = ["reporting", "writing", "editing", "compiled", "photos", "photographs", "graphics", "video"]
    private static let pictureWords: Set<String> = [
        "photo", "photos", "photograph", "image", "images", "picture", "pictures", "credit", "credits", "illustration", "video", "graphic",
    ]
}
