import Analysis
import Rules
import Testing
import WirewatchCore

/// Every token is looked up in the rules' words and prefixes, and its
/// occurrences grouped per word: with thousands of words (a filter of many
/// words in front of the table) and words repeated across an article, each
/// rule finds exactly its word's occurrences, in document order.
@Suite struct WordLookupTests {
    /// "w0aa", "w1ab", …: distinct words that share their first bytes.
    static func word(_ n: Int) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return "w\(n)" + String(letters[n / 26 % 26]) + String(letters[n % 26])
    }

    @Test func thousandsOfWordsFindOnlyTheOnesInTheArticle() throws {
        let book = try RuleTestSupport.book((0..<3000).map(Self.word) + ["w12*", "w299*"])
        let present = [3, 17, 120, 1299, 2999]
        // Each present word three times, interleaved, and words no rule has in between.
        let text = (0..<3).map { round in present.map { Self.word($0) + " other\(round) w" }.joined(separator: " ") }.joined(separator: " ") + "."
        let matches = book.match(RuleTestSupport.input(book, text: text))
        #expect(matches.map(\.rule.id) == present.map { "r\($0)" } + ["r3000", "r3001"])
        for m in matches.prefix(present.count) {
            #expect(m.evidence.count == 3)
            #expect(m.evidence.allSatisfy { $0.match == m.rule.querySource })
            let starts = m.evidence.map { $0.span[0] }
            #expect(starts == starts.sorted() && Set(starts).count == 3)
        }
        // w12* is w120 and w1299, three times each, in document order.
        let prefix = try #require(matches.first { $0.rule.id == "r3000" })
        #expect(prefix.evidence.map(\.match) == Array(repeating: [Self.word(120), Self.word(1299)], count: 3).flatMap { $0 })
    }

    @Test func aRepeatedTokenIsEveryOccurrenceOfItsWordAndOfItsPrefixes() throws {
        let book = try RuleTestSupport.book(["tariff*", "tariffs", "tari*", "\"tariffs rose\""])
        let input = RuleTestSupport.input(book, text: "Tariffs rose. Then tariffs fell, and tariff talk and tariffs rose again.")
        let spans = book.match(input).map { $0.evidence.map(\.span) }
        #expect(spans == [[[0, 7], [19, 26], [37, 43], [53, 60]], [[0, 7], [19, 26], [53, 60]],
                          [[0, 7], [19, 26], [37, 43], [53, 60]], [[0, 12], [53, 65]]])
    }
}
