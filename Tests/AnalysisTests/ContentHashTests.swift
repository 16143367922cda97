import Analysis
import Foundation
import Testing
import WirewatchCore

/// An entry's content hash follows the text analysis reads, not the bytes it came in.
@Suite struct ContentHashTests {
    func hash(title: String = "Chip rules", summary: String = "", content: String) -> String {
        ContentHash.of(Article(key: "k", feed: FeedID("f"), title: title, summary: summary, contentHTML: content))
    }

    @Test func markupEntitiesAndWhitespaceAreNotContent() {
        let base = hash(content: "<p class=\"a\" id=\"b\">Export controls &amp; China</p><p><a href=\"https://x.test/?utm_source=1\">More</a></p>")
        #expect(hash(content: "<p id=\"b\" class=\"a\">Export  controls\n&#38; China</p><p><a href=\"https://x.test/?utm_source=2\">More</a></p>") == base)
        #expect(hash(content: "<p>Export controls &amp; <b>China</b></p><p><a href=\"/\">More</a></p>") == base)
    }

    @Test func aChangedWordTitleOrAddedParagraphIsContent() {
        let base = hash(content: "<p>Export controls on China.</p>")
        #expect(hash(content: "<p>Export controls on Chinese chips.</p>") != base)
        #expect(hash(title: "Chip rules (updated)", content: "<p>Export controls on China.</p>") != base)
        #expect(hash(content: "<p>Export controls on China.</p><p>Beijing replied.</p>") != base)
        // The body is the content, else the summary: what analysis reads.
        #expect(hash(summary: "Export controls on China.", content: "") == base)
        #expect(hash(summary: "Something else entirely.", content: "<p>Export controls on China.</p>") == base)
    }

    @Test func aHashOfAnotherSchemeIsNotCurrent() {
        #expect(ContentHash.isCurrent(hash(content: "x")))
        #expect(!ContentHash.isCurrent("c0:0123"))
        #expect(!ContentHash.isCurrent("c1:0123"))
    }

    /// A new entry's hash is read back out of its analysis (title to `titleEnd`, body from `bodyStart`)
    /// instead of cleaning its text a second time: the very hash `of(article)` makes, on the seed report,
    /// the demo feeds' items, the labelled sets, and titles that clean to nothing or keep a paragraph break.
    @Test func theHashOfAnAnalysisIsTheHashOfItsArticle() throws {
        func article(_ title: String, _ body: String) -> Article {
            Article(key: "k", feed: FeedID("f"), title: title, summary: "", contentHTML: body)
        }
        let root = SeedReportTests.root
        let seed = try String(contentsOf: root.appendingPathComponent("Tests/AnalysisTests/Fixtures/seed-openai-distillation-report.txt"), encoding: .utf8)
        let lines = seed.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        var articles = [article(String(lines[0]), String(lines[1])), article("", seed)]
        let demo = root.appendingPathComponent("Config/demo/feeds")
        for name in try FileManager.default.contentsOfDirectory(atPath: demo.path).sorted() where !name.hasSuffix(".md") {
            let feed = try String(contentsOf: demo.appendingPathComponent(name), encoding: .utf8)
            // Each item or entry as it is written: its title, and all its markup as the body.
            for item in feed.split(separator: /<item>|<entry>/).dropFirst() {
                let title = item.firstMatch(of: /<title[^>]*>(.*?)<\/title>/).map { String($0.1) } ?? ""
                articles.append(article(title, String(item)))
            }
        }
        #expect(articles.count >= 14)
        let fixtures = root.appendingPathComponent("Tests/AnalysisTests/Fixtures")
        for name in try FileManager.default.contentsOfDirectory(atPath: fixtures.path).sorted() where name.hasSuffix(".jsonl") {
            for line in try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8).split(separator: "\n") {
                guard let text = (try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["text"] as? String else { continue }
                articles += [article(String(text.prefix(60)), text), article("", text)]
            }
        }
        articles += [article("<b></b>", "<p>Body only</p>"), article("Title only", ""), article("", ""),
                     article("Two\n\nparagraphs &amp; more", "<p>caf\u{65}\u{301}</p>"), article("Jo√£o", "<p>Jo√£o da Silva</p>")]
        let analyzer = SeedReportTests.analyzer
        let differing = articles.filter { ContentHash.of(analyzer.analyze($0)) != ContentHash.of($0) }
        #expect(differing.count == 0, "\(differing.count) of \(articles.count) differ, first: \(differing.prefix(2).map(\.title))")
    }
}
