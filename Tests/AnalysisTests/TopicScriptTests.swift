import Analysis
import Foundation
import Testing

/// Topics in Chinese, Japanese, Russian and Arabic (trial5 finding 9): the taxonomy carries their core
/// terms; a term in ideographs or kana matches inside unsegmented text, its characters touching.
@Suite struct TopicScriptTests {
    static let analyzer = SeedReportTests.analyzer

    @Test(arguments: [
        "美国商务部宣布对中国实施新的出口管制。英伟达表示将遵守规定。",
        "アメリカ政府は中国に対する輸出規制を強化した。",
        "Министерство торговли США ввело новые экспортные ограничения против Китая.",
        "فرضت الولايات المتحدة قيودا جديدة على صادرات الرقائق إلى الصين.",
    ])
    func exportControlsInOtherScripts(_ text: String) {
        let topics = Self.analyzer.analyze(plainText: text).analysis.topics
        #expect((topics.first { $0.id == "export-controls" }?.score ?? 0) >= 0.35, "\(topics)")
    }

    @Test(arguments: [
        ("sanctions", "欧盟宣布对俄罗斯实施新一轮制裁。"),
        ("sanctions", "Евросоюз ввёл новые санкции против российских банков."),
        ("tariffs-trade", "日本政府は米国の関税措置に反発した。"),
        ("semiconductors", "台积电是全球最大的半导体代工企业。"),
        ("ai-models", "深度求索发布了新的人工智能模型。"),
        ("war-conflict", "Российские войска продолжили обстрелы Харькова."),
    ])
    func coreTermsInOtherScripts(_ id: String, _ text: String) {
        let topics = Self.analyzer.analyze(plainText: text).analysis.topics
        #expect((topics.first { $0.id == id }?.score ?? 0) >= 0.35, "\(topics)")
    }

    /// Characters of a term apart are not the term: "人工" and "智能" in two places say nothing of AI.
    @Test func ideographTermsNeedTheirCharactersTogether() {
        let topics = Self.analyzer.analyze(plainText: "人工 智能").analysis.topics
        #expect(!topics.contains { $0.id == "ai-models" }, "\(topics)")
    }
}
