@testable import Rules
import Testing

/// `ScalarText` cuts by Unicode scalar offset from the string's own UTF-8,
/// and `Snippet.around` reads white space from the same bytes: both must
/// agree with counting scalars one by one, wherever characters outside ASCII
/// (two, three and four bytes long) and line breaks fall.
@Suite struct ScalarTextTests {
    /// Texts of words, spaces, line breaks and characters of every UTF-8 length, from a fixed seed.
    static func texts() -> [String] {
        let pieces = ["alpha", "beta", "é", "çà", "✓", "𝄞", "naïve", "x", " ", " ", " ", "\n", "\t", "\u{00A0}", "\r\n", "深度求索", "，", "。"]
        var state: UInt64 = 20261129
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % n
        }
        var out = ["", "a", "é", "𝄞", "\n", "plain ASCII text only"]
        for _ in 0..<300 {
            out.append((0..<next(120)).map { _ in pieces[next(pieces.count)] }.joined())
        }
        return out
    }

    @Test func cutsAgreeWithScalarsCountedOneByOne() {
        for text in Self.texts() {
            let cut = ScalarText(text)
            let scalars = Array(text.unicodeScalars)
            #expect(cut.count == scalars.count)
            for a in stride(from: 0, through: scalars.count, by: max(1, scalars.count / 7)) {
                for b in stride(from: a, through: scalars.count, by: max(1, scalars.count / 5)) {
                    let plain = String(String.UnicodeScalarView(scalars[a..<b]))
                    let line = String(String.UnicodeScalarView(scalars[a..<b].map { $0 == "\n" ? " " : $0 }))
                    #expect(cut.text(a, b) == plain)
                    #expect(cut.line(a, b) == line)
                    #expect(cut.line(a, b, ellipsisBefore: true, ellipsisAfter: true) == "…" + line + "…")
                }
            }
        }
    }

    @Test func queryTextIsClampedToTheText() {
        let text = ScalarText("é NEAR/3 ✓")
        #expect(text.text(-2, 1) == "é")
        #expect(text.text(7, 40) == "3 ✓")
        #expect(text.text(5, 2) == "")
    }

    @Test func snippetsAgreeWithAWindowCountedScalarByScalar() {
        for text in Self.texts() where !text.isEmpty {
            let cut = ScalarText(text)
            let n = cut.count
            for start in stride(from: 0, to: n, by: max(1, n / 9)) {
                for end in [start, min(n, start + 1), min(n, start + 7), n] {
                    for limit in [12, 40, 160] {
                        for bounds in [0..<n, (n / 3)..<n] where bounds.contains(start) {
                            #expect(Snippet.around(cut, start: start, end: end, limit: limit, within: bounds)
                                    == Self.reference(Array(text.unicodeScalars), start: start, end: end, limit: limit, within: bounds))
                        }
                    }
                }
            }
        }
    }

    /// A half-width voicing mark is half of its letter (ﾊﾞ is バ) and a combining accent part of its
    /// letter: a snippet of text written without spaces neither starts nor ends between them.
    @Test(arguments: ["ｿﾌﾄﾊﾞﾝｸがｸﾞｰｸﾞﾙとﾊﾟｰﾄﾅｰ契約。", "深度\u{301}求索e\u{301}\u{301}文字化け。"])
    func aSnippetKeepsAMarkWithItsLetter(piece: String) {
        let text = String(repeating: piece, count: 12)
        let scalars = Array(text.unicodeScalars), n = scalars.count
        for start in 0..<n where !Snippet.joinsPrevious(scalars[start]) {
            for limit in [12, 40, 160] {
                let (a, b, _, _) = Snippet.window(start: start, end: start + 1, limit: limit, within: 0..<n,
                                                  isSpace: { scalars[$0] == " " },
                                                  isSpaceless: { Snippet.isWrittenWithoutSpaces(scalars[$0]) },
                                                  joinsPrevious: { Snippet.joinsPrevious(scalars[$0]) })
                #expect(!Snippet.joinsPrevious(scalars[a]), "starts at a mark: \(start) \(limit)")
                #expect(b == n || !Snippet.joinsPrevious(scalars[b]), "ends before a mark: \(start) \(limit)")
            }
        }
    }

    @Test(arguments: [[String](repeating: "export controls", count: 20),
                      (0..<30).map { "terme\($0) é" },
                      [String](repeating: "chip\r\ncurbs", count: 20),
                      [String(repeating: "a", count: 146) + "\r\n", "b"],
                      ["few", "terms"]])
    func aTopicsSnippetIsItsFirst160Characters(evidence: [String]) {
        let why = "score 0.87: " + evidence.joined(separator: ", ")
        #expect(ArticleEvidence.topicSnippet(score: 0.87, evidence: evidence) == String(why.prefix(160)))
    }

    /// The window over an array of scalars, each asked whether it is white
    /// space, and cut scalar by scalar.
    static func reference(_ s: [Unicode.Scalar], start: Int, end: Int, limit: Int, within bounds: Range<Int>) -> String {
        let (a, b, cutBefore, cutAfter) = Snippet.window(start: start, end: end, limit: limit, within: bounds, isSpace: { i in
            s[i].value < 0x80 ? [0x20, 0x0A, 0x09, 0x0D].contains(s[i].value) : s[i].properties.isWhitespace
        }, isSpaceless: { Snippet.isWrittenWithoutSpaces(s[$0]) }, joinsPrevious: { Snippet.joinsPrevious(s[$0]) })
        var out = String.UnicodeScalarView()
        if cutBefore { out.append("…") }
        for c in s[a..<b] { out.append(c == "\n" ? " " : c) }
        if cutAfter { out.append("…") }
        return String(out)
    }
}
