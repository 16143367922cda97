import Analysis
import Foundation
import Testing

/// `--batch` reports offsets in the caller's text, whatever cleaning did to it.
@Suite struct BatchOffsetTests {
    static let analyzer = SeedReportTests.analyzer

    @Test func offsetsSurviveWhitespaceMojibakeAndDecomposedAccents() throws {
        // Double spaces, a line break, mojibake ("Ã©"), and a decomposed "é" (e + U+0301).
        let given = "Ren\u{00C3}\u{00A9}e  Dupont met   Emmanuel Macron\nin Paris.\n\nCafe\u{0301} owners in Berlin said so."
        let (a, source) = Self.analyzer.analyze(plainText: given)
        let record = a.batchRecord(id: 7, source: source, given: Array(given.unicodeScalars))
        let scalars = Array(given.unicodeScalars)
        let entities = try #require(record["entities"] as? [[String: Any]])
        #expect(!entities.isEmpty)
        for e in entities {
            let start = try #require(e["start"] as? Int), end = try #require(e["end"] as? Int)
            #expect(String(String.UnicodeScalarView(scalars[start..<end])) == e["text"] as? String)
        }
        #expect(entities.contains { $0["canonical"] as? String == "Emmanuel Macron" && $0["type"] as? String == "PERSON" })
        #expect(entities.contains { $0["text"] as? String == "Berlin" && $0["type"] as? String == "LOC" })
        #expect(record["id"] as? Int == 7)
    }
}
