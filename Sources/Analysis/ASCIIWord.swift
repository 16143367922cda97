/// The word of ASCII letters and digits at a byte, measured, shaped and hashed
/// (as folded) in one pass: most of news text is such words, so the tokenizer
/// builds their tokens from this alone, without decoding a scalar.
struct ASCIIWord {
    /// The byte after the word's last ASCII letter or digit.
    var end: Int
    /// FNV-1a of the word lower-cased (`WordHash`).
    var hash: UInt64
    var shape: TokenShape
    var hasUpper: Bool
    /// Letters (not digits) in the word.
    var letters: Int
    /// A non-ASCII letter, digit or mark follows (perhaps after an invisible joiner): the word is longer.
    var continuesBeyondASCII: Bool

    /// `b[a]` must be an ASCII letter or digit; `shape` holds what the bytes before the word say.
    @inline(__always)
    init(_ b: UnsafeBufferPointer<UInt8>, _ a: Int, _ shape: TokenShape) {
        var shape = shape
        shape.insert(.ascii)
        let first = b[a]
        if first <= 0x39 { shape.insert(.numeric) } else if first <= 0x5A { shape.insert(.capitalized) }
        var letters = 0, upper = 0
        var previousLower = false
        var hash = WordHash.basis
        let n = b.count
        var e = a
        repeat {
            let c = b[e]
            let isUpper = c &- 0x41 < 26, isLower = c &- 0x61 < 26
            guard isUpper || isLower || c &- 0x30 < 10 else { break }
            if isUpper {
                upper &+= 1
                if previousLower { shape.insert(.innerCap) }
            }
            if isUpper || isLower { letters &+= 1 }
            previousLower = isLower
            hash = WordHash.step(hash, isUpper ? c | 0x20 : c)
            e &+= 1
        } while e < n
        if letters >= 2 && upper == letters { shape.insert(.allCaps) }
        end = e
        self.hash = hash
        self.shape = shape
        hasUpper = upper > 0
        self.letters = letters
        continuesBeyondASCII = e < n && b[e] >= 0x80 && Self.continues(b, e)
    }

    /// A letter, digit or mark outside ASCII at byte `e`, or an invisible joiner and then one
    /// (a soft hyphen: "Deep\u{AD}Seek" is one word).
    private static func continues(_ b: UnsafeBufferPointer<UInt8>, _ e: Int) -> Bool {
        let (u, width) = b.scalar(at: e)
        if Tokenizer.continuesWord(u) { return true }
        return Tokenizer.isInvisibleJoiner(u) && e + width < b.count && Tokenizer.continuesWord(at: e + width, b)
    }
}
