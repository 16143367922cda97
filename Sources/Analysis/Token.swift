/// A word of the clean text. Offsets count Unicode scalars of `CleanText.text`.
public struct Token: Sendable, Hashable {
    public var start: Int
    public var end: Int
    /// The token as written.
    public var text: String
    /// Lower-cased, diacritics removed: what matching compares.
    public var folded: String
    /// Index of the sentence that holds the token.
    public var sentence: Int

    public init(start: Int, end: Int, text: String, folded: String, sentence: Int = 0) {
        self.start = start; self.end = end; self.text = text; self.folded = folded; self.sentence = sentence
    }

    /// True when the token starts with an upper-case letter.
    public var isCapitalized: Bool { text.unicodeScalars.first?.properties.isUppercase ?? false }
}

/// A sentence as a range of scalar offsets and of token indices.
public struct Sentence: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public var tokens: Range<Int>
}
