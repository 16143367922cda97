import Analysis
import Foundation
import Testing

/// The body fingerprint: the same report under another outlet's headline keeps it; a body too short
/// to be more than a lede or a formula has none; different reports stay far apart, even when they
/// end with the same boilerplate paragraph. (Which body joins which story is the registry's call.)
@Suite struct BodyFingerprintTests {
    static let analyzer = SeedReportTests.analyzer

    /// The seed report and the thirteen demo articles, as their feeds carry them.
    static let demo: [(title: String, html: String)] = {
        let url = SeedReportTests.root.appendingPathComponent("Tests/AnalysisTests/Fixtures/gold-entities-seed-and-demo.jsonl")
        return try! String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { line in
            let o = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return (o["title"] as! String, o["html"] as! String)
        }
    }()

    /// A wire agency's closing paragraph, as outlets carry it under many different reports.
    static let aboutTheAgency = "<p>About the agency: our news service, the world's largest multimedia news provider, reaches billions of people every day. It provides trusted business, financial, national and international news to professionals via desktop terminals, the world's media organisations, industry events and directly to consumers. Follow us on social media for the latest headlines and sign up to our newsletters.</p>"

    func analyze(_ title: String, _ html: String) -> ArticleAnalysis { Self.analyzer.analyze(title: title, html: html) }

    @Test func theSeedReportUnderAnotherOutletsHeadlineKeepsItsBodyFingerprint() throws {
        let seed = Self.demo[0]
        let original = analyze(seed.title, seed.html)
        let copy = analyze("White House AI czar says DeepSeek distilled OpenAI models, as Microsoft investigates", seed.html)
        // The full fingerprint moves with the headline, out of the story's reach; the body's stays.
        #expect(!StoryFingerprint.sameStory(original.fingerprint, copy.fingerprint),
                "\(StoryFingerprint.distance(original.fingerprint, copy.fingerprint)) bits")
        #expect(original.bodyFingerprint != nil)
        #expect(copy.bodyFingerprint == original.bodyFingerprint)
    }

    /// Both fingerprints come from one pass over the shingles: each is what a SimHash of its own
    /// tokens gives, those of an outlet's own wording left out (`StoryWording`).
    @Test func bothFingerprintsAreTheSimHashesOfTheirTokens() {
        var skippedAny = false
        for article in Self.demo {
            let a = analyze(article.title, article.html)
            let skipped = StoryWording.skipped(tokens: a.tokens, text: a.text, entities: a.entities)
            let kept = a.tokens.indices.filter { skipped?[$0] != true }.map { a.tokens[$0] }
            skippedAny = skippedAny || kept.count < a.tokens.count
            #expect(a.fingerprint == StoryFingerprint.simhash(kept))
            #expect(a.bodyFingerprint == StoryFingerprint.simhash(kept.filter { $0.start >= a.bodyStart }))
        }
        #expect(skippedAny)
    }

    /// Every demo article under the next one's headline: its body fingerprint is unchanged, whatever
    /// the full fingerprint did.
    @Test func everyDemoArticleUnderAnotherHeadlineKeepsItsBodyFingerprint() {
        var fullMisses = 0
        for (i, article) in Self.demo.enumerated() {
            let original = analyze(article.title, article.html)
            let copy = analyze(Self.demo[(i + 1) % Self.demo.count].title, article.html)
            if !StoryFingerprint.sameStory(original.fingerprint, copy.fingerprint) { fullMisses += 1 }
            #expect(original.bodyFingerprint != nil && copy.bodyFingerprint == original.bodyFingerprint, "\(article.title)")
        }
        // Most re-headlined copies were another story before; they would not all be for this to matter.
        #expect(fullMisses > Self.demo.count / 2, "\(fullMisses) of \(Self.demo.count)")
    }

    @Test func differentReportsStayApartEvenWithTheSameClosingParagraph() {
        let bodies = Self.demo.map { analyze($0.title, $0.html + Self.aboutTheAgency).bodyFingerprint! }
        for i in bodies.indices {
            for j in bodies.indices where j > i {
                #expect(!StoryFingerprint.sameStory(bodies[i], bodies[j]),
                        "\(Self.demo[i].title) / \(Self.demo[j].title): \(StoryFingerprint.distance(bodies[i], bodies[j])) bits")
            }
        }
    }

    /// Under the floor: a lede, a link line, a "Comments" link. The floor counts the body's words only.
    @Test(arguments: [
        "<p>DeepSeek said on Monday it would temporarily limit registrations because of large-scale malicious attacks on its software.</p>",
        "submitted by /u/someone [link] [comments]",
        "<a href=\"https://news.example/item?id=1\">Comments</a>",
    ])
    func aShortBodyHasNoBodyFingerprint(_ html: String) {
        let long = "DeepSeek limits sign-ups after cyber attacks, as OpenAI, Microsoft and the White House weigh what the Chinese app means"
        let a = analyze(long, html)
        #expect(a.bodyFingerprint == nil)
        #expect(a.jsonObject()["body_fingerprint"] == nil)
    }

    @Test func aBodyAtTheFloorHasOne() {
        let words = (0..<StoryFingerprint.bodyFloor).map { "word\($0)" }
        #expect(analyze("Title", words.dropLast().joined(separator: " ")).bodyFingerprint == nil)
        let a = analyze("Title", words.joined(separator: " "))
        #expect(a.bodyFingerprint != nil)
        #expect(a.jsonObject()["body_fingerprint"] as? String == a.bodyStory)
    }
}
