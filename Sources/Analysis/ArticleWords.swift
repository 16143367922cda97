/// What the entity passes ask of the whole article about a word, answered from an index built once
/// (on first use): where a word occurs and whether the article writes it in lower case. Each pass had
/// scanned every token for each name it weighed, so a long text with no sentence breaks took time
/// growing with its square (trial5 finding 23: 1 MB in one run of words 6.4 s, 5 MB 115 s of CPU).
/// A memo of the tokens, so the stage stays a function of its input.
final class ArticleWords {
    let tokens: [Token]
    private var lowerCase: Set<UInt64>?
    private var byHash: [UInt64: [Int]]?

    init(_ tokens: [Token]) { self.tokens = tokens }

    /// Whether the article writes the word of `hash` starting with a lower-case letter somewhere.
    func writtenLowerCase(_ hash: UInt64) -> Bool {
        if lowerCase == nil { lowerCase = Set(tokens.lazy.filter(\.startsLowerCase).map(\.hash)) }
        return lowerCase!.contains(hash)
    }

    /// The indices of the tokens whose folded word has `hash`, in order.
    func occurrences(_ hash: UInt64) -> [Int] {
        if byHash == nil {
            var index: [UInt64: [Int]] = [:]
            for (k, t) in tokens.enumerated() { index[t.hash, default: []].append(k) }
            byHash = index
        }
        return byHash![hash] ?? []
    }
}
