import WirewatchCore

/// The tokens a story's fingerprint leaves out: what each outlet that carries a report writes its own way.
/// A dateline's place, date and agency ("WASHINGTON, Dec 2 (Reuters) -" in one copy, "WASHINGTON —" or
/// nothing in another), wire credits ("Reporting by …; Editing by …", `CreditLines`), and the word for
/// per cent ("3%" in one, "3 percent" or "3 per cent" in another). With them in, one report carried with
/// and without its "(Reuters)" lay 4 bits apart, and was two stories (exploratory finding of stop 32).
public enum StoryWording {
    /// Per token, whether the fingerprint leaves it out; nil when it keeps them all. `text` is what the tokens
    /// were cut from, `entities` what was recognised in it: a dateline's city is a place ("WASHINGTON — The
    /// Senate…"), which tells it from a line in capitals ("BREAKING NEWS — …").
    public static func skipped(tokens: [Token], text: String, entities: [EntityHit]) -> [Bool]? {
        skipped(tokens: tokens, scalars: [Unicode.Scalar](scalarsOf: text), entities: entities)
    }

    /// The same, on the text's scalars the analysis already has.
    static func skipped(tokens: [Token], scalars: [Unicode.Scalar], entities: [EntityHit]) -> [Bool]? {
        let placeStarts = Set(entities.lazy.filter { $0.type == .loc }.flatMap { $0.mentions.map(\.start) })
        return scalars.withUnsafeBufferPointer { buf in
            skipped(tokens: tokens, scalars: buf) { placeStarts.contains(tokens[$0].start) }
        }
    }

    /// `isPlace(k)`: a recognised place starts at token k.
    static func skipped(tokens: [Token], scalars: UnsafeBufferPointer<Unicode.Scalar>, isPlace: (Int) -> Bool) -> [Bool]? {
        var skip: [Bool]? = nil
        func drop(_ range: Range<Int>) {
            if skip == nil { skip = [Bool](repeating: false, count: tokens.count) }
            for k in range { skip![k] = true }
        }
        let credits = CreditLines(tokens: tokens, scalars: scalars)
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            if credits.contains(i) || t.folded == "percent" || t.folded == "pct" {
                drop(i..<i + 1)
            } else if t.folded == "per", i + 1 < tokens.count, tokens[i + 1].folded == "cent" {
                drop(i..<i + 2)
                i += 1
            } else if t.start == 0 || scalars[t.start - 1] == "\n",
                      let end = Dateline.end(startingAt: i, tokens: tokens, scalars: scalars, isPlace: isPlace) {
                drop(i..<end)
                i = end - 1
            }
            i += 1
        }
        return skip
    }
}
