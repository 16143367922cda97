/// A light English stemmer for topic terms: plural "-s/-es/-ies", "-ing",
/// "-ed" and a final "-e" come off, so "tariffs", "sanctioned", "voting" and
/// "votes" meet "tariff", "sanction" and "vote". Terms and text go through the
/// same function, so consistency matters more than linguistics. Words that
/// are not plain lower-case ASCII are returned as they are. Works on the
/// word's bytes without copying them: it runs once per token.
public enum Stemmer {
    public static func stem(_ word: String) -> String {
        var word = word
        return word.withUTF8 { b -> String? in
            guard let (n, y) = cut(b) else { return nil }
            return String(unsafeUninitializedCapacity: n + (y ? 1 : 0)) { out in
                for j in 0..<n { out[j] = b[j] }
                if y { out[n] = 121 }
                return n + (y ? 1 : 0)
            }
        } ?? word
    }

    /// `WordHash` of the token's stem, without building the stem.
    static func stemHash(_ t: Token) -> UInt64 {
        guard t.shape.contains(.ascii) else { return t.hash }
        var folded = t.folded
        return folded.withUTF8 { b in
            guard let (n, y) = cut(b) else { return t.hash }
            var h = WordHash.of(b, count: n)
            if y { h = WordHash.step(h, UInt8(ascii: "y")) }
            return h
        }
    }

    /// How much of `b` the stem keeps, and whether it ends in an added "y"; nil when the word stays as it is.
    private static func cut(_ b: UnsafeBufferPointer<UInt8>) -> (Int, Bool)? {
        var n = b.count
        guard n > 3 else { return nil }
        for c in b where c < 97 || c > 122 { return nil }
        @inline(__always) func ends(_ s: StaticString) -> Bool {
            let k = s.utf8CodeUnitCount
            guard n >= k else { return false }
            let p = s.utf8Start
            for j in 0..<k where b[n - k + j] != p[j] { return false }
            return true
        }
        @inline(__always) func hasVowel(_ upTo: Int) -> Bool {
            for j in 0..<upTo where b[j] == 97 || b[j] == 101 || b[j] == 105 || b[j] == 111 || b[j] == 117 || b[j] == 121 { return true }
            return false
        }
        if ends("ies"), n > 4 { return (n - 3, true) }
        if ends("sses") || ends("xes") || ends("ches") || ends("shes") {
            n -= 2
        } else if ends("s"), !(ends("ss") || ends("us") || ends("is") || ends("ics") || ends("ews") || ends("ous")) {
            n -= 1
        }
        var cut = 0
        if ends("ing"), n > 5, hasVowel(n - 3) { cut = 3 } else if ends("ed"), n > 4, hasVowel(n - 2) { cut = 2 }
        if cut > 0 {
            n -= cut
            // "shipping" → "ship"; "controlled" → "control".
            let last = b[n - 1]
            if n > 3, last == b[n - 2], last != 108, last != 115, last != 122, last != 97, last != 101, last != 105, last != 111, last != 117 {
                n -= 1
            }
        }
        if n > 3, b[n - 1] == 101 { n -= 1 }
        return n == b.count ? nil : (n, false)
    }
}
