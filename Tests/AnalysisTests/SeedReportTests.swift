import Analysis
import Foundation
import Testing
import WirewatchCore

/// The news report that motivates the product (a copy of shared/seeds/000_accb7f63b533799f.txt,
/// so that a fresh clone holds it), analysed with the shipped data: the issue's "Done when" list.
@Suite struct SeedReportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let analyzer = Analyzer(knowledge: try! KnowledgeBase.load(dataDirectory: root.appendingPathComponent("Config").path))
    static let analysis: ArticleAnalysis = {
        let text = try! String(contentsOf: root.appendingPathComponent("Tests/AnalysisTests/Fixtures/seed-openai-distillation-report.txt"), encoding: .utf8)
        let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        let body = String(lines[1]).split(separator: "\n", omittingEmptySubsequences: true).map { "<p>\($0)</p>" }.joined()
        return analyzer.analyze(title: String(lines[0]), html: body)
    }()

    func entity(_ name: String) -> EntityHit? { Self.analysis.entities.first { $0.canonical == name } }

    @Test func mojibakeIsRepaired() {
        let a = Self.analysis
        #expect(a.repairedMojibake)
        #expect(a.text.contains("João da Silva"))
        #expect(!a.text.contains("√£"))
    }

    @Test(arguments: [
        ("OpenAI", EntityType.org), ("DeepSeek", .org), ("Microsoft", .org), ("Bloomberg", .org), ("BBC", .org),
        ("Fox News", .org), ("CNBC", .org), ("OpenOcean", .org), ("National Security Council", .org),
        ("University of St. Gallen", .org), ("US Navy", .org),
        ("João da Silva", .person), ("Graham Fraser", .person), ("David Sacks", .person), ("Howard Lutnick", .person),
        ("Donald Trump", .person), ("Karoline Leavitt", .person), ("Naomi Haefner", .person),
        ("Crystal van Oosterom", .person), ("Fan Wang", .person),
        ("China", .loc), ("United States", .loc), ("Switzerland", .loc),
    ])
    func findsEveryNamedEntity(_ name: String, _ type: EntityType) throws {
        let hit = try #require(entity(name), "missing \(name); found \(Self.analysis.entities.map { "\($0.canonical)/\($0.type.rawValue)" })")
        #expect(hit.type == type)
    }

    @Test func shortFormsAreTheSamePerson() throws {
        #expect(try #require(entity("David Sacks")).mentions.contains { $0.text == "Mr Sacks" })
        #expect(try #require(entity("Karoline Leavitt")).mentions.contains { $0.text == "Ms Leavitt" })
        #expect(try #require(entity("Howard Lutnick")).mentions.contains { $0.text == "Lutnick" })
        #expect(try #require(entity("United States")).mentions.contains { $0.text == "US" })
    }

    @Test func mentionOffsetsPointAtTheirText() {
        let scalars = Array(Self.analysis.text.unicodeScalars)
        for e in Self.analysis.entities {
            for m in e.mentions {
                #expect(String(String.UnicodeScalarView(scalars[m.start..<m.end])) == m.text)
            }
        }
    }

    @Test(arguments: ["model-distillation", "export-controls", "national-security", "ai-models", "cybersecurity",
                      "data-privacy", "intellectual-property", "tariffs-trade"])
    func topicsCarryEvidence(_ id: String) throws {
        let hit = try #require(Self.analysis.topics.first { $0.id == id }, "missing topic \(id)")
        #expect(!hit.evidence.isEmpty)
        #expect(hit.score > 0 && hit.score <= 1)
    }

    @Test func distillationIsTheStrongestEvidence() throws {
        let distillation = try #require(Self.analysis.topics.first { $0.id == "model-distillation" })
        #expect(distillation.evidence.contains("knowledge distillation"))
        #expect(distillation.score > 0.5)
    }

    @Test func languageIsEnglish() {
        #expect(Self.analysis.language == "en")
    }
}
