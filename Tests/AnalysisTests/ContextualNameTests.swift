import Analysis
import Foundation
import Testing
import WirewatchCore

/// Names found from context alone: the seed report analysed with places and name lists
/// but without the curated people and organisations, so every person and most
/// organisations below must come from titles, suffixes, given names and coreference.
@Suite struct ContextualNameTests {
    static let analysis: ArticleAnalysis = {
        let gazetteer = SeedReportTests.root.appendingPathComponent("Config/gazetteer")
        var kb = KnowledgeBase()
        for file in ["countries.tsv", "cities.tsv", "us-states.tsv", "regions-curated.tsv"] {
            let path = gazetteer.appendingPathComponent(file).path
            kb.add(entities: try! KnowledgeBase.parseGazetteer(String(contentsOfFile: path, encoding: .utf8), file: path))
        }
        for (file, add) in [("given-names.txt", true), ("surnames.txt", false)] {
            let words = try! String(contentsOfFile: gazetteer.appendingPathComponent(file).path, encoding: .utf8)
                .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
            if add { kb.add(givenNames: words) } else { kb.add(surnames: words) }
        }
        let text = try! String(contentsOf: SeedReportTests.root.appendingPathComponent("Tests/AnalysisTests/Fixtures/seed-openai-distillation-report.txt"), encoding: .utf8)
        return Analyzer(knowledge: kb).analyze(plainText: text).analysis
    }()

    func entity(_ name: String) -> EntityHit? {
        Self.analysis.entities.first { TextFolding.fold($0.canonical) == TextFolding.fold(name) }
    }

    @Test(arguments: [
        ("João da Silva", EntityType.person), ("Graham Fraser", .person), ("David Sacks", .person), ("Howard Lutnick", .person),
        ("Karoline Leavitt", .person), ("Naomi Haefner", .person), ("Crystal van Oosterom", .person), ("Fan Wang", .person),
        ("University of St. Gallen", .org), ("OpenOcean", .org), ("National Security Council", .org), ("US navy", .org),
    ])
    func findsTheName(_ name: String, _ type: EntityType) throws {
        let hit = try #require(entity(name), "missing \(name); found \(Self.analysis.entities.map { "\($0.canonical)/\($0.type.rawValue)" })")
        #expect(hit.type == type)
    }

    @Test func resolvesShortFormsInTheDocument() throws {
        #expect(try #require(entity("David Sacks")).mentions.map(\.text).contains("Mr Sacks"))
        #expect(try #require(entity("Karoline Leavitt")).mentions.map(\.text).contains("Ms Leavitt"))
        #expect(try #require(entity("Howard Lutnick")).mentions.map(\.text).contains("Lutnick"))
        #expect(try #require(entity("US navy")).mentions.map(\.text).contains("Navy"))
    }
}

/// Small cases of the contextual rules, one per rule.
@Suite struct NameRuleTests {
    static let analyzer = Analyzer(knowledge: {
        var kb = KnowledgeBase(entities: [EntityDefinition(name: "China", type: .loc, aliases: ["Chinese"])])
        kb.add(givenNames: ["Maria", "Jean"])
        kb.add(surnames: ["Smith"])
        return kb
    }())

    static func entities(_ text: String) -> [String] {
        analyzer.analyze(plainText: text).analysis.entities.map { "\($0.canonical)/\($0.type.rawValue)" }
    }

    @Test(arguments: [
        ("Officials met Dr Kwame Asante on Friday.", "Kwame Asante/PERSON"),
        ("The company hired Maria Kowalczyk last year.", "Maria Kowalczyk/PERSON"),
        ("Shares in Zentrix Holdings Ltd fell sharply.", "Zentrix Holdings Ltd/ORG"),
        ("She studied at the University of Otago for years.", "University of Otago/ORG"),
        ("The Brightwater River flooded again.", "Brightwater River/LOC"),
        ("Lawmakers passed the Clean Water Act on Monday.", "Clean Water Act/MISC"),
        ("Investors backed the start-up NovaGrid this week.", "NovaGrid/ORG"),
        ("A spokesman for Chinese Mobile Ventures declined to comment.", "Chinese Mobile Ventures/ORG"),
        ("Jean-Luc Pardieu, the striker, scored twice.", "Jean-Luc Pardieu/PERSON"),
    ])
    func reads(_ text: String, _ expected: String) {
        let found = Self.entities(text)
        #expect(found.contains(expected), "\(found)")
    }

    /// "O'Brien" is one name whichever apostrophe it is written with (`Tokenizer.isApostrophe`).
    @Test(arguments: ["'", "\u{2019}", "\u{2BC}", "\u{FF07}"])
    func anOApostropheNameIsOneName(_ mark: String) {
        let found = Self.entities("The company hired Maria O\(mark)Brien last year.")
        #expect(found.contains("Maria O\(mark)Brien/PERSON"), "\(found)")
    }

    @Test func aTitleAndASurnameJoinTheFullName() {
        let a = Self.analyzer.analyze(plainText: "Senator Ruth Okonkwo spoke first. Later Ms Okonkwo said Okonkwo would vote no.").analysis
        let ruth = a.entities.first { $0.canonical == "Ruth Okonkwo" }
        #expect(ruth?.type == .person)
        #expect(ruth?.mentions.map(\.text) == ["Ruth Okonkwo", "Ms Okonkwo", "Okonkwo"])
    }

    @Test func sentenceStartsAndCommonWordsAreNotNames() {
        let found = Self.entities("However, prices rose. Meanwhile the Monday meeting was cancelled. Speaking later, officials agreed.")
        #expect(found.isEmpty, "\(found)")
    }
}
