import Analysis
import Foundation
import Testing

/// The story fingerprint is taken over the title and the body together. Taken over
/// the body alone, a re-headlined copy would be the same story, but so would every
/// entry of a feed that repeats one body (a paywall teaser, a podcast's blurb): with
/// a windowless `per: story` throttle, only its first entry would ever alert.
@Suite struct StoryFingerprintTests {
    func fingerprint(_ title: String, _ html: String) -> UInt64 { SeedReportTests.analyzer.analyze(title: title, html: html).fingerprint }

    static let teaser = "<p>This article is for subscribers only. Subscribe today to read the full story and get unlimited access to our award-winning journalism, newsletters from our correspondents around the world, the daily crossword and puzzles, and our archive going back decades. Already a subscriber? Log in to continue reading, or manage your account and delivery preferences from your profile page.</p>"

    /// Paywalled and podcast feeds: every entry has the same long body, and only the titles differ.
    @Test(arguments: [teaser, "submitted by /u/someone [link] [comments]", "<a href=\"https://news.example/item?id=1\">Comments</a>"])
    func entriesWithOneBodyAreTheirTitlesStories(_ body: String) {
        let one = fingerprint("DeepSeek limits sign-ups after cyber attacks", body)
        let other = fingerprint("Nvidia shares fall as investors weigh cheaper AI models", body)
        #expect(!StoryFingerprint.sameStory(one, other), "\(StoryFingerprint.distance(one, other)) bits apart")
    }

    @Test func anotherDeepSeekStoryOfTheSameDayIsAnotherStory() {
        let other = fingerprint("DeepSeek limits sign-ups after cyber attacks",
                                "<p>DeepSeek said on Monday it would temporarily limit registrations because of large-scale malicious attacks on its software. A banner on the company's website says registration may be busy. OpenAI and Microsoft declined to comment on the Chinese app.</p>")
        let seed = fingerprint("OpenAI says Chinese rivals using its work for their AI apps",
                               "<p>The maker of ChatGPT, OpenAI, has complained that rivals, including those in China, are using its work to make rapid advances in developing their own artificial intelligence (AI) tools. The status of OpenAI - and other US firms - as the world leaders in AI has been dramatically undermined this week by the sudden emergence of DeepSeek, a Chinese app that can emulate the performance of ChatGPT, apparently at a fraction of the cost.</p>")
        #expect(!StoryFingerprint.sameStory(seed, other), "\(StoryFingerprint.distance(seed, other)) bits apart")
    }

    @Test func theSameArticleInTwoFeedsIsOneStory() {
        let body = "<p>DeepSeek said on Monday it would temporarily limit registrations because of large-scale malicious attacks on its software.</p>"
        #expect(fingerprint("DeepSeek limits sign-ups after cyber attacks", body)
                == fingerprint("DeepSeek limits sign-ups after cyber attacks", "<div>" + body + "</div>"))
    }

    @Test func aTitleWithoutABodyStillHasAFingerprint() {
        #expect(fingerprint("DeepSeek limits sign-ups after cyber attacks", "") != 0)
        #expect(fingerprint("DeepSeek limits sign-ups after cyber attacks", "") != fingerprint("OpenAI accuses DeepSeek of distillation", ""))
    }
}

extension StoryFingerprintTests {
    static let report = "The maker of ChatGPT, OpenAI, has complained that rivals, including those in China, are using its work to make rapid advances in developing their own artificial intelligence tools. Shares in Nvidia fell 17% on Monday."

    /// What each outlet writes its own way is not the story's wording: a dateline's place, date and agency,
    /// wire credits, and "%" against "percent". One copy with "(Reuters)" and one without lay 4 bits
    /// apart, two stories (exploratory finding of stop 32); now the fingerprints are equal.
    @Test(arguments: [
        ("<p>SAN FRANCISCO (Reuters) - \(report)</p>", "<p>\(report)</p>"),
        ("<p>WASHINGTON, Jan 28 (Reuters) - \(report)</p>", "<p>WASHINGTON — \(report)</p>"),
        ("<p>BEIJING/WASHINGTON (Reuters) - \(report)</p>", "<p>\(report)</p>"),
        ("<p>\(report)</p><p>Reporting by Anna Tong in San Francisco; Editing by Jamie Freed</p>", "<p>\(report)</p>"),
        ("<p>\(report)</p>", "<p>\(report.replacingOccurrences(of: "17%", with: "17 per cent"))</p>"),
        ("<p>\(report)</p>", "<p>\(report.replacingOccurrences(of: "17%", with: "17 percent"))</p>"),
    ])
    func anOutletsOwnWordingIsNotTheStory(_ one: String, _ other: String) {
        let title = "OpenAI says Chinese rivals using its work for their AI apps"
        #expect(fingerprint(title, one) == fingerprint(title, other))
    }

    /// A line in capitals with a dash that is no dateline is the story's wording: "BREAKING — …" is not a place.
    @Test func aShoutedLineThatIsNoDatelineCounts() {
        let title = "OpenAI says Chinese rivals using its work for their AI apps"
        #expect(fingerprint(title, "<p>BREAKING NEWS — \(Self.report)</p>") != fingerprint(title, "<p>\(Self.report)</p>"))
    }
}
