import Analysis
import Foundation
import Rules
import Testing
import WirewatchCore

/// `entity:Amazon`, the rule an operator writes for Amazon.com, does not fire on the rainforest or the river:
/// a place that shares a company's name is reported by its own ("Amazon rainforest"), which `entity:LOC`
/// matches and `entity:Amazon` does not (trial6 finding 16).
@Suite struct PlacesNamedLikeCompaniesTests {
    static let knowledge = try! KnowledgeBase.load(dataDirectory: URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Config").path)

    static func firing(_ title: String, _ text: String, rules: [String: String] = [
        "amazon": "entity:Amazon", "place": "entity:LOC", "rainforest": "entity:\"Amazon rainforest\"", "apple": "entity:Apple",
        "company": "entity:ORG",
    ], files extra: [RuleFile] = []) throws -> Set<String> {
        var yaml = "rules:\n"
        for (id, q) in rules.sorted(by: { $0.key < $1.key }) { yaml += "  - id: \(id)\n    query: '\(q)'\n" }
        let book = try RuleBook.compile([RuleFile(path: "t.yaml", text: yaml)] + extra, base: knowledge, sinks: []).get()
        let analysis = Analyzer(knowledge: book.knowledge).analyze(title: title, html: "<p>\(text)</p>")
        let article = Article(key: "k", feed: FeedID("f"), url: "https://news.test/a", title: title)
        return Set(book.match(MatchInput(analysis: analysis, article: article)).map(\.rule.id))
    }

    @Test func theRainforestIsAPlaceThatTheCompanysRuleDoesNotMatch() throws {
        let fired = try Self.firing("Fires sweep the Amazon",
                                    "Deforestation along the Amazon has accelerated, scientists said. The Amazon basin lost an area the size of Wales.")
        #expect(fired == ["place", "rainforest"])
    }

    @Test func theCompanyStillFires() throws {
        #expect(try Self.firing("Amazon results", "Amazon said its profit rose.") == ["amazon", "company"])
        // Both in one article: the company and the place, each by its own name.
        #expect(try Self.firing("", "Amazon said it would fund projects in the Amazon rainforest.") == ["amazon", "company", "place", "rainforest"])
    }

    @Test(arguments: [
        "Sellers across the Amazon marketplace complained about higher fees this year.",
        "Shoppers poured into the Amazon store in Seattle.",
        "An outage hit the Amazon region in northern Virginia, the cloud unit said.",
    ])
    func aCompanysThingsAreTheCompany(_ text: String) throws {
        #expect(try Self.firing("", text).isSuperset(of: ["amazon", "company"]))
        #expect(!(try Self.firing("", text).contains("rainforest")))
    }

    @Test(arguments: ["Developers are locked into the Apple ecosystem, regulators said.",
                      "Privacy features throughout the Apple ecosystem were updated.",
                      "Apple growers in Washington state sued Apple over its logo on Tuesday, saying it confused buyers."])
    func appleIsTheCompanyWhereItsEcosystemOrACourtSaysSo(_ text: String) throws {
        #expect(try Self.firing("", text, rules: ["apple": "entity:Apple", "company": "entity:ORG"]) == ["apple", "company"])
    }

    /// A rule file's own entity of another type keeps working beside the place.
    @Test func aRuleFilesOwnEntityStillMatches() throws {
        let own = RuleFile(path: "e.yaml", text: "entities:\n  - name: Amazonas\n    type: LOC\n    aliases: [Amazonas state]\n")
        let fired = try Self.firing("", "Floods hit Amazonas state as rivers along the Amazon rose.",
                                    rules: ["amazonas": "entity:Amazonas", "amazon": "entity:Amazon"], files: [own])
        #expect(fired == ["amazonas"])
    }
}
