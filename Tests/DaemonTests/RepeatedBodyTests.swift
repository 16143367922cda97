import Analysis
import Foundation
import Testing
import TestSupport
@testable import Daemon

/// A feed that repeats one body in every entry (a paywall teaser), polled through the real pipeline
/// into a real store: each headline is its own story, and the windowless `per: story` rule alerts on
/// each. The body fingerprint would make them one story; the registry sees that the feed repeats it.
@Suite struct RepeatedBodyTests {
    static let teaser = "This article is for subscribers only. Subscribe today to read the full story and get unlimited access to our award-winning journalism, newsletters from our correspondents around the world, the daily crossword and puzzles, and our archive going back decades. Already a subscriber? Log in to continue reading, or manage your account and delivery preferences from your profile page."

    @Test func aTeaserUnderFiveHeadlinesIsFiveStoriesAndFiveAlerts() async throws {
        let titles = ["DeepSeek distilled OpenAI models, White House says", "Microsoft probes DeepSeek over distillation claims",
                      "Distillation row: what DeepSeek is accused of", "OpenAI to tighten API terms after DeepSeek distillation",
                      "Nvidia shares slide as DeepSeek distillation claims spread"]
        let desk = try await EditedEntryTests.Desk([.init(guid: "p0", title: titles[0], body: Self.teaser)])
        // The teaser is long enough for a body fingerprint, and the full fingerprints keep the five apart.
        let analyses = titles.map { desk.setup.analyzer.analyze(title: $0, html: Self.teaser) }
        #expect(analyses.allSatisfy { $0.bodyFingerprint != nil && $0.bodyFingerprint == analyses[0].bodyFingerprint })
        for (i, a) in analyses.enumerated() {
            for b in analyses[(i + 1)...] { #expect(!StoryFingerprint.sameStory(a.fingerprint, b.fingerprint)) }
        }
        #expect(await desk.poll().alerts.count == 1)
        for (i, title) in titles.enumerated().dropFirst() {
            desk.site.add(.init(guid: "p\(i)", title: title, body: Self.teaser))
            let report = await desk.poll()
            #expect(report.newArticles == 1 && report.alerts.map(\.rule) == ["deepseek-distillation"], "\(title): \(report.error ?? "")")
        }
        let alerts = try desk.alerts()
        #expect(alerts.count == 5)
        #expect(Set(alerts.map(\.story)).count == 5)
        await desk.close()
    }

    /// Over the teaser, these two headlines' full fingerprints fall within the registry's 3 bits: by
    /// the full fingerprint alone they are one story, and the windowless rule would say nothing of the
    /// second. A feed that has carried the body already is repeating it under a new headline; only an
    /// exact full match joins then.
    @Test func aNearFullMatchOverABodyTheFeedRepeatsIsAnotherStory() async throws {
        let titles = ["Microsoft probes DeepSeek over distillation claims", "Investors weigh DeepSeek distillation fallout"]
        let desk = try await EditedEntryTests.Desk([.init(guid: "p0", title: titles[0], body: Self.teaser)])
        let analyses = titles.map { desk.setup.analyzer.analyze(title: $0, html: Self.teaser) }
        let apart = StoryFingerprint.distance(analyses[0].fingerprint, analyses[1].fingerprint)
        #expect(apart > 0 && StoryFingerprint.sameStory(analyses[0].fingerprint, analyses[1].fingerprint), "\(apart) bits apart")
        #expect(await desk.poll().alerts.count == 1)
        desk.site.add(.init(guid: "p1", title: titles[1], body: Self.teaser))
        let report = await desk.poll()
        #expect(report.newArticles == 1 && report.alerts.map(\.rule) == ["deepseek-distillation"], "\(report.error ?? "")")
        #expect(Set(try desk.alerts().map(\.story)).count == 2)
        await desk.close()
    }
}
