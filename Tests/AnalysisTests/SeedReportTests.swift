import Analysis
import Foundation
import Testing
import WirewatchCore

/// The news report that motivates the product (a copy of shared/seeds/000_accb7f63b533799f.txt,
/// so that a fresh clone holds it), analysed with the shipped data.
@Suite struct SeedReportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let analyzer: Analyzer = {
        let kb = try! KnowledgeBase.load(dataDirectory: root.appendingPathComponent("Config").path)
        return Analyzer(knowledge: kb)
    }()

    static func seed() throws -> ArticleAnalysis {
        let text = try String(contentsOf: root.appendingPathComponent("Tests/AnalysisTests/Fixtures/seed-openai-distillation-report.txt"), encoding: .utf8)
        let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        let body = String(lines[1]).split(separator: "\n", omittingEmptySubsequences: true).map { "<p>\($0)</p>" }.joined()
        return analyzer.analyze(title: String(lines[0]), html: body)
    }

    @Test func mojibakeIsRepaired() throws {
        let a = try Self.seed()
        #expect(a.repairedMojibake)
        #expect(a.text.contains("João da Silva"))
        #expect(!a.text.contains("√£"))
    }

    @Test func findsTheLabsAndPlaces() throws {
        let a = try Self.seed()
        let names = Set(a.entities.map(\.canonical))
        for expected in ["OpenAI", "DeepSeek", "Microsoft", "Bloomberg", "BBC", "Fox News", "CNBC", "China", "United States", "Switzerland"] {
            #expect(names.contains(expected), "missing \(expected)")
        }
        let us = try #require(a.entities.first { $0.canonical == "United States" })
        #expect(us.mentions.contains { $0.text == "US" })
    }

    @Test func topicsCarryEvidence() throws {
        let a = try Self.seed()
        let ids = Set(a.topics.map(\.id))
        for expected in ["model-distillation", "export-controls", "national-security", "ai-models", "tariffs-trade"] {
            #expect(ids.contains(expected), "missing topic \(expected)")
        }
        let distillation = try #require(a.topics.first { $0.id == "model-distillation" })
        #expect(distillation.evidence.contains("knowledge distillation"))
        #expect(distillation.score > 0.5)
    }

    @Test func languageIsEnglish() throws {
        #expect(try Self.seed().language == "en")
    }
}
