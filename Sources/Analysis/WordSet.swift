/// A fixed set of folded words, looked up by a token's precomputed hash
/// (`Token.hash`) instead of hashing the string again: the name cues are
/// asked about the words around every capitalised run.
struct WordSet: Sendable {
    private let table: WordTable
    private let words: [String]

    init(_ words: Set<String>) {
        let list = words.sorted()
        self.words = list
        table = WordTable(list.enumerated().map { (WordHash.of($1), Int32($0)) })
    }

    func contains(_ t: Token) -> Bool {
        guard let i = table[t.hash] else { return false }
        return words[Int(i)] == t.folded
    }
}
