/// A word of the clean text. Offsets count Unicode scalars of `CleanText.text`.
public struct Token: Sendable, Hashable {
    public var start: Int
    public var end: Int
    /// The token as written.
    public var text: String
    /// Lower-cased, diacritics removed: what matching compares.
    public var folded: String { didSet { hash = WordHash.of(folded) } }
    /// Index of the sentence that holds the token.
    public var sentence: Int
    /// How the token is written, computed once by the tokenizer.
    public var shape: TokenShape
    /// `WordHash` of `folded`: the key of the analysis's word tables, and
    /// what the rules' word table is probed with.
    public internal(set) var hash: UInt64

    public init(start: Int, end: Int, text: String, folded: String, sentence: Int = 0) {
        self.init(start: start, end: end, text: text, folded: folded, sentence: sentence, shape: TokenShape(text))
    }

    init(start: Int, end: Int, text: String, folded: String, sentence: Int, shape: TokenShape) {
        self.start = start; self.end = end; self.text = text; self.folded = folded; self.sentence = sentence
        self.shape = shape
        hash = WordHash.of(folded)
    }

    /// For the tokenizer, which hashes `folded` while it folds.
    init(start: Int, end: Int, text: String, folded: String, hash: UInt64, shape: TokenShape) {
        self.start = start; self.end = end; self.text = text; self.folded = folded; sentence = 0
        self.shape = shape
        self.hash = hash
    }

    /// The token as written, full-width forms narrowed (`TextFolding.narrowed`): what a case-sensitive match compares.
    public var spelling: String { shape.contains(.ascii) ? text : TextFolding.narrowed(text) }

    /// True when the token starts with an upper-case letter.
    public var isCapitalized: Bool { shape.contains(.capitalized) }

    /// True for the "s" of a possessive or a contraction ("OpenAI's", "it's"): an apostrophe's "s", which a
    /// phrase in a rule passes over ("DeepSeek models" finds "DeepSeek's models").
    public var isApostropheS: Bool { shape.contains(.afterApostrophe) && folded == "s" }

    /// True when the token starts with a lower-case letter (not a digit, a mark or an uncased script).
    var startsLowerCase: Bool { text.unicodeScalars.first?.properties.isLowercase == true }
}

/// The spelling features name recognition looks at.
public struct TokenShape: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Starts with an upper-case letter.
    public static let capitalized = TokenShape(rawValue: 1 << 0)
    /// Two or more letters, all upper case ("NATO", "US").
    public static let allCaps = TokenShape(rawValue: 1 << 1)
    /// An upper-case letter after a lower-case one ("OpenAI", "DeepSeek", "iPhone").
    public static let innerCap = TokenShape(rawValue: 1 << 2)
    /// Starts with a digit.
    public static let numeric = TokenShape(rawValue: 1 << 3)
    /// Only ASCII scalars.
    public static let ascii = TokenShape(rawValue: 1 << 4)
    /// Written in a script without case (Han, kana, Arabic…), so capitalisation says nothing.
    public static let uncased = TokenShape(rawValue: 1 << 5)
    /// Joined to the token before by a hyphen, with no space ("Keller-Sutter").
    public static let hyphenated = TokenShape(rawValue: 1 << 6)
    /// Follows an apostrophe directly ("s" of "OpenAI's").
    public static let afterApostrophe = TokenShape(rawValue: 1 << 7)
    /// Joined to the token before by an ampersand, with no space ("T" of "AT&T").
    public static let afterAmpersand = TokenShape(rawValue: 1 << 8)

    public init(_ text: String) {
        self.init(scalars: text.unicodeScalars)
    }

    /// The shape of a word's scalars; ASCII ones are classified without Unicode's tables.
    init<Scalars: Sequence<Unicode.Scalar>>(scalars: Scalars) {
        var s: TokenShape = []
        var letters = 0, upper = 0
        var previousLower = false
        var allASCII = true
        for (k, c) in scalars.enumerated() {
            let isUpper: Bool, isLower: Bool, isLetter: Bool
            if c.isASCII {
                let v = c.value
                isUpper = v >= 65 && v <= 90
                isLower = v >= 97 && v <= 122
                isLetter = isUpper || isLower
                if k == 0, v >= 48, v <= 57 { s.insert(.numeric) }
            } else {
                allASCII = false
                let p = c.properties
                isUpper = p.isUppercase
                isLower = p.isLowercase
                isLetter = p.isAlphabetic
                if k == 0 {
                    if p.numericType != nil { s.insert(.numeric) }
                    if isLetter && !isUpper && !isLower { s.insert(.uncased) }
                }
            }
            if isLetter { letters += 1 }
            if isUpper {
                upper += 1
                if k == 0 { s.insert(.capitalized) }
                if previousLower { s.insert(.innerCap) }
            }
            previousLower = isLower
        }
        if letters >= 2 && upper == letters { s.insert(.allCaps) }
        if allASCII { s.insert(.ascii) }
        self = s
    }
}

/// A sentence as a range of scalar offsets and of token indices.
public struct Sentence: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public var tokens: Range<Int>
}
