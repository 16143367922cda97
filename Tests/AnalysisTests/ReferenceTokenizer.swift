@testable import Analysis
import Foundation

/// The tokeniser as it was before it moved to UTF-8 bytes (commit 079dfcb), word for word (folding,
/// word shapes and the scalar classes aside: it calls TextFolding, TokenShape and Tokenizer's), taught
/// since the three rules that came after it (624afc8, trial4 findings 1, 5 and 8) and two more (a run
/// of digits and separators that makes no number: its groups are words; a number in full-width digits): a number keeps its separators,
/// a word of one or two letters keeps "++" or "#", an invisible joiner inside a word does not split it; a
/// half-width katakana is a character as kana are, its voicing mark with it.
/// The oracle for the byte-level fast path, whose offsets these rules touch (review of tokens, 9): the
/// fast one must agree with it token for token. Sentences are the product's splitter's alone now (it
/// works on the fast path's marks), so only tokens are compared. Test-only: nothing in the product calls
/// it. When tokenising changes on purpose, change both alike.
enum ReferenceTokenizer {
    static func tokenize(_ text: String) -> [Token] {
        let scalars = Array(text.unicodeScalars)
        var tokens = scalars.withUnsafeBufferPointer { words(in: $0) }
        // "Đ" beside a Vietnamese word (two on either side) is "D".
        for k in tokens.indices where TextFolding.hasDj(tokens[k].text.unicodeScalars) {
            let near = max(0, k - 2)..<min(tokens.count, k + 3)
            if near.contains(where: { $0 != k && TextFolding.isVietnameseNeighbour(tokens[$0].text.unicodeScalars) }) {
                let t = tokens[k]
                tokens[k] = Token(start: t.start, end: t.end, text: t.text, folded: TextFolding.fold(scalars: t.text.unicodeScalars, vietnameseNearby: true),
                                  sentence: 0, shape: t.shape)
            }
        }
        return tokens
    }

    static func words(in s: UnsafeBufferPointer<Unicode.Scalar>) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(s.count / 5)
        var i = 0
        let n = s.count
        var separateDigitsUntil = 0
        while i < n {
            let c = s[i]
            if !c.isASCII, isIdeograph(c) {
                // A half-width katakana and the voicing mark after it ("ﾊﾞ") are one character.
                let voiced = TextFolding.isHalfWidthKatakana(c) && !TextFolding.isHalfWidthVoicing(c)
                    && i + 1 < n && TextFolding.isHalfWidthVoicing(s[i + 1])
                tokens.append(makeToken(s, i, voiced ? i + 2 : i + 1, after: tokens.last))
                i += voiced ? 2 : 1
                continue
            }
            guard isWordScalar(c) else { i += 1; continue }
            if isUpperASCII(c) || (!c.isASCII && c.properties.isUppercase), let end = initialismEnd(s, i) {
                var letters = String.UnicodeScalarView()
                for k in i..<end where s[k] != "." { letters.append(s[k]) }
                let text = String(letters)
                let ascii = text.utf8.allSatisfy { $0 < 0x80 }
                tokens.append(Token(start: i, end: end, text: text, folded: TextFolding.fold(text), sentence: 0,
                                    shape: ascii ? [.capitalized, .allCaps, .ascii] : [.capitalized, .allCaps]))
                i = end
                continue
            }
            var j = i + 1
            var hidden: [Int] = []
            while j < n {
                let d = s[j]
                if d.isASCII ? !isWordASCII(d) : (!isWordScalar(d) || isIdeograph(d)) {
                    // An invisible joiner between two of the word's scalars is in its span, not its text.
                    if Tokenizer.isInvisibleJoiner(d), j + 1 < n, continues(s[j + 1]) { hidden.append(j); j += 1; continue }
                    break
                }
                j += 1
            }
            if hidden.isEmpty, isFullWidthDigit(c), let number = fullWidthNumber(s, i, j, separateDigitsUntil: &separateDigitsUntil) {
                tokens.append(number)
                i = number.end
                continue
            }
            let asciiWord = hidden.isEmpty && (i..<j).allSatisfy { s[$0].isASCII }
            if asciiWord, j < n, let joined = joined(s, i, j, after: tokens.last, separateDigitsUntil: &separateDigitsUntil) {
                tokens.append(joined)
                i = joined.end
                continue
            }
            tokens.append(makeToken(s, i, j, hidden: hidden, after: tokens.last))
            i = j
        }
        return tokens
    }

    static func continues(_ c: Unicode.Scalar) -> Bool { c.isASCII ? isWordASCII(c) : (isWordScalar(c) && !isIdeograph(c)) }

    /// A number across its separators ("12.5", "1,000"), or a word of one or two letters with "++" or "#",
    /// starting at the ASCII word `a..<e`; nil when neither.
    private static func joined(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ a: Int, _ e: Int, after previous: Token?,
                               separateDigitsUntil: inout Int) -> Token? {
        let n = s.count
        let word = makeToken(s, a, e, after: previous)
        let next = s[e]
        if next == "+" || next == "#" {
            let letters = (a..<e).allSatisfy { isLetterASCII(s[$0]) }
            guard e - a <= 2, letters else { return nil }
            let run = next == "#" ? 1 : 2
            guard e + run <= n, next == "#" || s[e + 1] == "+" else { return nil }
            let end = e + run
            guard end == n || !(isWordASCII(s[end]) && !isDigitASCII(s[end])) && s[end] != "+" && s[end] != "#" else { return nil }
            let text = String(String.UnicodeScalarView(s[a..<end]))
            return Token(start: a, end: end, text: text, folded: TextFolding.fold(text), sentence: 0, shape: word.shape)
        }
        guard next == "." || next == ",", isDigitASCII(s[a]), a >= separateDigitsUntil,
              e + 1 < n, isDigitASCII(s[e - 1]), isDigitASCII(s[e + 1]) else { return nil }
        var end = e
        while end + 1 < n, s[end] == "." || s[end] == ",", isDigitASCII(s[end - 1]), isDigitASCII(s[end + 1]) {
            end += 1
            while end < n, isWordASCII(s[end]) { end += 1 }
        }
        let bytes = (a..<end).map { UInt8(truncatingIfNeeded: s[$0].value) }
        guard let folded = bytes.withUnsafeBufferPointer(NumberText.read) else {
            separateDigitsUntil = end
            return nil
        }
        return Token(start: a, end: end, text: String(decoding: bytes, as: UTF8.self), folded: folded, sentence: 0, shape: word.shape)
    }

    /// A number that starts with a full-width digit ("３.５"): its digits (full-width or ASCII) and separators
    /// (. , and the full-width ． ，) read as ASCII, with the letters and digits (ASCII or full-width) after each
    /// separator's digits ("３.５km", "３.５ｋｍ": 3.5km); nil unless the word `a..<e` is digits and a separator
    /// between digits follows, or when it makes no number (its groups are words).
    private static func fullWidthNumber(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ a: Int, _ e: Int, separateDigitsUntil: inout Int) -> Token? {
        let n = s.count
        func ascii(_ c: Unicode.Scalar) -> Unicode.Scalar? {
            if isWordASCII(c) || c == "." || c == "," { return c }
            if isFullWidthDigit(c) || isFullWidthLetter(c) { return Unicode.Scalar(c.value - 0xFEE0) }
            return c == "\u{FF0E}" ? "." : c == "\u{FF0C}" ? "," : nil
        }
        func isDigit(_ k: Int) -> Bool { k < n && (isDigitASCII(s[k]) || isFullWidthDigit(s[k])) }
        func isSeparator(_ k: Int) -> Bool { k < n && ascii(s[k]).map({ $0 == "." || $0 == "," }) == true }
        func isLetterOrDigit(_ k: Int) -> Bool { k < n && (isDigit(k) || isWordASCII(s[k]) || isFullWidthLetter(s[k])) }
        guard a >= separateDigitsUntil, (a..<e).allSatisfy(isDigit), isSeparator(e), isDigit(e + 1) else { return nil }
        var end = e
        while isSeparator(end), isDigit(end - 1), isDigit(end + 1) {
            end += 1
            while isLetterOrDigit(end) { end += 1 }
        }
        let bytes = (a..<end).map { UInt8(ascii(s[$0])!.value) }
        guard let folded = bytes.withUnsafeBufferPointer(NumberText.read) else {
            separateDigitsUntil = end
            return nil
        }
        return Token(start: a, end: end, text: String(String.UnicodeScalarView(s[a..<end])), folded: folded, sentence: 0)
    }

    static func isFullWidthLetter(_ c: Unicode.Scalar) -> Bool { (0xFF21...0xFF3A).contains(c.value) || (0xFF41...0xFF5A).contains(c.value) }

    static func isFullWidthDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0xFF10 && c.value <= 0xFF19 }

    static func isDigitASCII(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
    static func isLetterASCII(_ c: Unicode.Scalar) -> Bool { (c.value >= 65 && c.value <= 90) || (c.value >= 97 && c.value <= 122) }

    private static func makeToken(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ a: Int, _ b: Int, hidden: [Int] = [],
                                  after previous: Token?) -> Token {
        // The shape of a word's scalars is TokenShape's, which the rewrite left alone for words
        // outside ASCII; the rewritten ASCII path (ASCIIWord) is checked against it.
        let visible = (a..<b).filter { !hidden.contains($0) }.map { s[$0] }
        var shape = TokenShape(scalars: visible)
        if a >= 1, let previous, previous.end == a - 1 {
            let joint = s[a - 1]
            if joint == "-" || joint == "\u{2010}" || joint == "\u{2011}" { shape.insert(.hyphenated) }
            if joint == "&" || joint == "\u{FF06}" { shape.insert(.afterAmpersand) }
            if ["'", "\u{2019}", "\u{2BC}", "\u{FF07}", "\u{2018}", "\u{2032}", "\u{B4}", "`"].contains(joint) { shape.insert(.afterApostrophe) }
        }
        let text = String(String.UnicodeScalarView(visible))
        let folded = TextFolding.fold(text)
        return Token(start: a, end: b, text: text, folded: folded, sentence: 0, shape: shape)
    }

    static func isUpperASCII(_ c: Unicode.Scalar) -> Bool { c.value >= 65 && c.value <= 90 }

    static func isWordASCII(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122)
    }

    /// What is a word's scalar and what an ideograph, the rewrite left alone: the product's.
    static func isWordScalar(_ c: Unicode.Scalar) -> Bool { Tokenizer.isWordScalar(c) }
    static func isIdeograph(_ c: Unicode.Scalar) -> Bool { Tokenizer.isIdeograph(c) }

    private static func isUpper(_ c: Unicode.Scalar) -> Bool { c.isASCII ? isUpperASCII(c) : c.properties.isUppercase }

    private static func initialismEnd(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ i: Int) -> Int? {
        var j = i
        var letters = 0
        while j + 1 < s.count, isUpper(s[j]), s[j + 1] == ".",
              j == i || !isWordScalar(s[j - 1]) || s[j - 1] == "." {
            if j + 2 < s.count, isWordScalar(s[j + 2]), !(isUpper(s[j + 2]) && j + 3 < s.count && s[j + 3] == ".") { break }
            letters += 1
            j += 2
        }
        return letters >= 2 ? j : nil
    }
}
