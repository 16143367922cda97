/// A light English stemmer for topic terms: plural "-s/-es/-ies", "-ing",
/// "-ed" and a final "-e" come off, so "tariffs", "sanctioned", "voting" and
/// "votes" meet "tariff", "sanction" and "vote". Terms and text go through the
/// same function, so consistency matters more than linguistics. Words that
/// are not plain ASCII are returned as they are.
enum Stemmer {
    static func stem(_ word: String) -> String {
        var b = Array(word.utf8)
        guard b.count > 3, b.allSatisfy({ $0 >= 97 && $0 <= 122 }) else { return word }
        func ends(_ s: StaticString) -> Bool {
            let n = s.utf8CodeUnitCount
            guard b.count >= n else { return false }
            return s.withUTF8Buffer { suffix in (0..<n).allSatisfy { b[b.count - n + $0] == suffix[$0] } }
        }
        func hasVowel(_ upTo: Int) -> Bool { b[0..<upTo].contains { "aeiouy".utf8.contains($0) } }

        if ends("ies"), b.count > 4 {
            b.removeLast(3); b.append(UInt8(ascii: "y"))
        } else if ends("sses") || ends("xes") || ends("ches") || ends("shes") {
            b.removeLast(2)
        } else if ends("s"), !(ends("ss") || ends("us") || ends("is") || ends("ics") || ends("ews") || ends("ous")) {
            b.removeLast()
        }
        var cut = 0
        if ends("ing"), b.count > 5, hasVowel(b.count - 3) { cut = 3 } else if ends("ed"), b.count > 4, hasVowel(b.count - 2) { cut = 2 }
        if cut > 0 {
            b.removeLast(cut)
            // "shipping" → "ship"; "controlled" → "control".
            if b.count > 3, b[b.count - 1] == b[b.count - 2], !"lsz".utf8.contains(b[b.count - 1]), !"aeiou".utf8.contains(b[b.count - 1]) {
                b.removeLast()
            }
        }
        if b.count > 3, b[b.count - 1] == UInt8(ascii: "e") { b.removeLast() }
        return String(decoding: b, as: UTF8.self)
    }
}
