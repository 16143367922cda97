@testable import Analysis
import Foundation

/// The tokeniser as it was before it moved to UTF-8 bytes (commit 079dfcb), kept
/// word for word (folding, word shapes and the scalar classes aside: it calls
/// TextFolding, TokenShape and Tokenizer's, which that rewrite left alone)
/// as the oracle for that rewrite only: the fast one must agree with it token for
/// token and sentence for sentence. Test-only: nothing in the product calls it.
/// Delete it and TokenizerIdentityTests the next time tokenising deliberately
/// changes, rather than changing both alike.
enum ReferenceTokenizer {
    static func tokenize(_ text: String) -> (tokens: [Token], sentences: [Sentence]) {
        let scalars = Array(text.unicodeScalars)
        var tokens = scalars.withUnsafeBufferPointer { words(in: $0) }
        let sentences = ReferenceSentenceSplitter.split(scalars: scalars, tokens: &tokens)
        return (tokens, sentences)
    }

    static func words(in s: UnsafeBufferPointer<Unicode.Scalar>) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(s.count / 5)
        var i = 0
        let n = s.count
        while i < n {
            let c = s[i]
            if !c.isASCII, isIdeograph(c) {
                tokens.append(makeToken(s, i, i + 1, after: tokens.last))
                i += 1
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
            while j < n {
                let d = s[j]
                if d.isASCII ? !isWordASCII(d) : (!isWordScalar(d) || isIdeograph(d)) { break }
                j += 1
            }
            tokens.append(makeToken(s, i, j, after: tokens.last))
            i = j
        }
        return tokens
    }

    private static func makeToken(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ a: Int, _ b: Int, after previous: Token?) -> Token {
        // The shape of a word's scalars is TokenShape's, which the rewrite left alone for words
        // outside ASCII; the rewritten ASCII path (ASCIIWord) is checked against it.
        var shape = TokenShape(scalars: UnsafeBufferPointer(rebasing: s[a..<b]))
        let ascii = shape.contains(.ascii)
        if a >= 1, let previous, previous.end == a - 1 {
            let joint = s[a - 1]
            if joint == "-" || joint == "\u{2010}" || joint == "\u{2011}" { shape.insert(.hyphenated) }
            if joint == "'" || joint == "\u{2019}" { shape.insert(.afterApostrophe) }
        }
        let text: String
        if ascii {
            text = String(unsafeUninitializedCapacity: b - a) { buf in
                for k in a..<b { buf[k - a] = UInt8(truncatingIfNeeded: s[k].value) }
                return b - a
            }
        } else {
            text = String(String.UnicodeScalarView(s[a..<b]))
        }
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

enum ReferenceSentenceSplitter {
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep",
        "rev", "hon", "pres", "inc", "corp", "ltd", "co", "plc", "llc", "bros", "dept", "univ", "assn", "no", "vs", "etc",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig", "approx", "est", "e", "i",
    ]

    static func split(scalars: [Unicode.Scalar], tokens: inout [Token]) -> [Sentence] {
        var sentences: [Sentence] = []
        var sentenceStart = 0
        var tokenStart = 0
        var t = 0
        var i = 0
        let n = scalars.count
        func close(at end: Int) {
            while t < tokens.count, tokens[t].start < end { tokens[t].sentence = sentences.count; t += 1 }
            if t > tokenStart { sentences.append(Sentence(start: sentenceStart, end: end, tokens: tokenStart..<t)) }
            tokenStart = t
            sentenceStart = end
        }
        while i < n {
            let c = scalars[i]
            if c == "\n", i + 1 < n, scalars[i + 1] == "\n" {
                close(at: i)
                i += 2
                continue
            }
            if c == "." || c == "!" || c == "?" {
                var j = i + 1
                while j < n, "\"'”’)]".unicodeScalars.contains(scalars[j]) { j += 1 }
                guard j < n, scalars[j] == " " || scalars[j] == "\n" else { i += 1; continue }
                var k = j
                while k < n, scalars[k] == " " || scalars[k] == "\n" { k += 1 }
                guard k < n, scalars[k].properties.isUppercase || "\"'“‘([".unicodeScalars.contains(scalars[k]) || scalars[k].properties.numericType != nil else { i += 1; continue }
                if c == ".", tokens[t...].prefix(while: { $0.start <= i }).contains(where: { $0.end > i }) { i += 1; continue }
                if c == ".", let prev = tokenEnding(at: i, tokens: tokens, from: t) {
                    let word = tokens[prev]
                    if abbreviations.contains(word.folded) || (word.text.count == 1 && word.isCapitalized) {
                        i += 1
                        continue
                    }
                }
                close(at: j)
                i = j
                continue
            }
            i += 1
        }
        close(at: n)
        return sentences
    }

    private static func tokenEnding(at offset: Int, tokens: [Token], from: Int) -> Int? {
        var k = from
        while k < tokens.count, tokens[k].end <= offset { k += 1 }
        let idx = k - 1
        return idx >= 0 && tokens[idx].end == offset ? idx : nil
    }
}
