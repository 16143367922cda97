import Analysis
import Foundation
import Testing
import WirewatchCore

/// A topic is found in the words its stories are written in, not only in the taxonomy's one phrase
/// (trial5 findings 12, 24): a near term is two sets of words found close together in one sentence.
@Suite struct TopicWordingTests {
    static let analyzer = SeedReportTests.analyzer

    func score(_ id: String, _ text: String) -> Double {
        Self.analyzer.analyze(plainText: text).analysis.topics.first { $0.id == id }?.score ?? 0
    }

    /// Finding 12's article: "restrictions on shipments", "without a licence", "trade blacklist", never "export controls".
    @Test func exportControlsWithoutThePhrase() {
        let text = "The Commerce Department on Tuesday barred Nvidia and AMD from selling their most advanced AI processors to China "
            + "without a licence, widening restrictions on shipments of semiconductors. Companies will need government permission "
            + "before they ship the H20 chip to Chinese customers, officials said. The rules also add 140 Chinese firms to a trade "
            + "blacklist, blocking American suppliers from selling them equipment. Beijing called the curbs economic bullying."
        let hit = Self.analyzer.analyze(title: "Washington tightens chip rules", html: "<p>\(text)</p>").topics.first { $0.id == "export-controls" }
        #expect((hit?.score ?? 0) >= 0.5, "\(String(describing: hit))")
        #expect(hit?.evidence.contains { $0.hasSuffix("… shipments") } == true, "\(String(describing: hit))")
    }

    /// Finding 24: the usual wording in each language the taxonomy covers.
    @Test(arguments: [
        "Estados Unidos endurece los controles de exportación de chips a China. El Departamento de Comercio anunció nuevas restricciones el martes.",
        "Washington renforce les contrôles des exportations de puces vers la Chine. Le département du Commerce a annoncé de nouvelles mesures mardi.",
        "Die USA verschärfen die Exportbeschränkungen für Chips nach China. Das Handelsministerium kündigte am Dienstag neue Regeln an.",
        "Die USA verschärfen die Ausfuhrkontrollen für Chips nach China. Das Handelsministerium kündigte am Dienstag neue Regeln an.",
        "Gli Stati Uniti inaspriscono i controlli sulle esportazioni di chip verso la Cina. Il dipartimento del Commercio ha annunciato nuove misure martedì.",
        "Os Estados Unidos endurecem os controles de exportação de chips para a China. O Departamento de Comércio anunciou novas medidas na terça-feira.",
        "The US tightened curbs on chip exports to China on Tuesday, the Commerce Department said.",
        "The US announced new export curbs on chips to China on Tuesday.",
    ])
    func exportControlsInEveryLanguage(_ text: String) {
        #expect(score("export-controls", text) >= 0.35, "\(Self.analyzer.analyze(plainText: text).analysis.topics)")
    }

    /// A near term's two sides count only close together, and only in one sentence.
    @Test func nearTermsNeedTheirWordsClose() throws {
        let taxonomy = """
            topics:
              - id: export-controls
                terms: [{near: [[curb*, ban], [export*]], within: 2, weight: 2}]
            """
        let kb = KnowledgeBase(topics: try KnowledgeBase.parseTaxonomy(taxonomy, file: "t.yaml"))
        let a = Analyzer(knowledge: kb)
        func found(_ text: String) -> Bool { !a.analyze(plainText: text).analysis.topics.isEmpty }
        #expect(found("Officials announced export curbs on Monday."))
        #expect(found("New curbs on the exports of chips."))
        #expect(!found("New curbs were placed on the remaining exports."), "three words between, within: 2")
        #expect(!found("The curbs were announced. Exports fell."), "two sentences")
        #expect(throws: Diagnostic.self) { try KnowledgeBase.parseTaxonomy("topics:\n  - id: x\n    terms: [{near: [[a]]}]\n", file: "t.yaml") }
    }
}
