import Analysis
import Foundation
import Testing

/// A word is one term's evidence for a topic, however many of the topic's terms it matches (trial5 findings 14, 45):
/// "distillery" matched `distil*` and `distill*`, "semiconductors" `semiconductor*` and `semiconductores`.
@Suite struct TopicOverlapTests {
    static let analyzer = SeedReportTests.analyzer

    func topic(_ id: String, title: String, text: String) -> TopicHit? {
        Self.analyzer.analyze(title: title, html: "<p>\(text)</p>").topics.first { $0.id == id }
    }

    @Test func aWordMatchingTwoTermsOfATopicCountsOnce() throws {
        let filler = String(repeating: "The council met on Tuesday to discuss the weather and the roads. ", count: 25)
        let semis = try #require(topic("semiconductors", title: "Notes", text: filler + "They mentioned semiconductors once."))
        #expect(semis.evidence.count == 1 && semis.score < 0.5, "\(semis)")
        // (A distillery is no longer the topic at all: `unless` on both terms, TopicSenseTests.)
        let distilling = try #require(topic("model-distillation", title: "Models", text: "The lab said distilling the model took a week."))
        #expect(distilling.evidence.count == 1, "\(distilling)")
        // Two words, each its own term: both count.
        let both = try #require(topic("model-distillation", title: "Notes", text: filler + "Knowledge distillation, the lab said, copied the model."))
        #expect(both.evidence.contains("Knowledge distillation"), "\(both)")
    }
}
