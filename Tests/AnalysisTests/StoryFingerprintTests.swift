import Analysis
import Foundation
import Testing

/// One story, one fingerprint: the seed report re-headlined by another outlet, or
/// updated under a new title, is the same story (within `sameStory`'s 3 bits); another
/// DeepSeek story of the same day is not.
@Suite struct StoryFingerprintTests {
    static let title = "OpenAI says Chinese rivals using its work for their AI apps"
    static let reworded = "OpenAI accuses Chinese rivals of copying its AI models"
    static let updated = "Updated: OpenAI says DeepSeek may have used its models"

    static let body: String = {
        let text = try! String(contentsOf: SeedReportTests.root.appendingPathComponent("Tests/AnalysisTests/Fixtures/seed-openai-distillation-report.txt"),
                               encoding: .utf8)
        let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        return String(lines[1]).split(separator: "\n", omittingEmptySubsequences: true).map { "<p>\($0)</p>" }.joined()
    }()
    /// What most feeds carry instead of the article: its first paragraph.
    static let lead = "<p>The maker of ChatGPT, OpenAI, has complained that rivals, including those in China, are using its work to make rapid advances in developing their own artificial intelligence (AI) tools. The status of OpenAI - and other US firms - as the world leaders in AI has been dramatically undermined this week by the sudden emergence of DeepSeek, a Chinese app that can emulate the performance of ChatGPT, apparently at a fraction of the cost.</p>"

    func fingerprint(_ title: String, _ html: String) -> UInt64 { SeedReportTests.analyzer.analyze(title: title, html: html).fingerprint }

    @Test(arguments: [reworded, updated])
    func aNewHeadlineOverTheSameArticleIsTheSameStory(_ headline: String) {
        let first = fingerprint(Self.title, Self.body), again = fingerprint(headline, Self.body)
        #expect(StoryFingerprint.sameStory(first, again), "\(StoryFingerprint.distance(first, again)) bits apart")
    }

    @Test(arguments: [reworded, updated])
    func aNewHeadlineOverTheSameLeadIsTheSameStory(_ headline: String) {
        let first = fingerprint(Self.title, Self.lead), again = fingerprint(headline, Self.lead)
        #expect(StoryFingerprint.sameStory(first, again), "\(StoryFingerprint.distance(first, again)) bits apart")
    }

    @Test func anotherDeepSeekStoryOfTheSameDayIsAnotherStory() {
        let other = fingerprint("DeepSeek limits sign-ups after cyber attacks",
                                "<p>DeepSeek said on Monday it would temporarily limit registrations because of large-scale malicious attacks on its software. A banner on the company's website says registration may be busy. OpenAI and Microsoft declined to comment on the Chinese app.</p>")
        let seed = fingerprint(Self.title, Self.lead)
        #expect(!StoryFingerprint.sameStory(seed, other), "\(StoryFingerprint.distance(seed, other)) bits apart")
    }

    /// Feeds whose every entry has the same short body (Hacker News: "Comments"; Reddit: "submitted by …").
    @Test(arguments: ["<a href=\"https://news.example/item?id=1\">Comments</a>", "submitted by /u/someone [link] [comments]"])
    func entriesWithTheSameShortBodyAreTheirTitlesStories(_ body: String) {
        let one = fingerprint("DeepSeek limits sign-ups after cyber attacks", body)
        let other = fingerprint("Nvidia shares fall as investors weigh cheaper AI models", body)
        #expect(!StoryFingerprint.sameStory(one, other), "\(StoryFingerprint.distance(one, other)) bits apart")
    }

    @Test func aTitleWithoutABodyStillHasAFingerprint() {
        #expect(fingerprint("DeepSeek limits sign-ups after cyber attacks", "") != 0)
        #expect(fingerprint("DeepSeek limits sign-ups after cyber attacks", "") != fingerprint("OpenAI accuses DeepSeek of distillation", ""))
    }
}
