import Analysis
import Testing
import WirewatchCore

/// A name written in Chinese characters is found where its characters touch, not across "，" or "。".
@Suite struct SideBySideTests {
    static let analyzer = Analyzer(knowledge: KnowledgeBase(entities: [EntityDefinition(name: "DeepSeek", type: .org, aliases: ["深度求索"])]))

    static func mentions(_ text: String) -> Int {
        analyzer.analyze(title: "", html: text, languageHint: "zh").entities.first { $0.canonical == "DeepSeek" }?.mentions.count ?? 0
    }

    @Test func aChineseAliasIsFoundWhereItsCharactersTouch() {
        #expect(Self.mentions("深度求索周一发布了新模型。") == 1)
        #expect(Self.mentions("研究深度，求索精神。") == 0)
        #expect(Self.mentions("深度、求索。深度。求索") == 0)
    }

    @Test func charactersTouchingTheCharacterBefore() {
        #expect(SideBySide.joinedToPrevious(Tokenizer.words("深度求索")) == [false, true, true, true])
        #expect(SideBySide.joinedToPrevious(Tokenizer.words("深度，求索")) == [false, true, false, true])
        #expect(SideBySide.joinedToPrevious(Tokenizer.words("深度AI 模型")) == [false, true, false, false, true])
        #expect(SideBySide.joinedToPrevious(Tokenizer.words("Deep-Seek's")) == [false, false, false])
        #expect(SideBySide.joinedToPrevious(Tokenizer.words("AT&T and R & D")) == [false, true, false, false, false])
    }

    /// A name written with '&' is found where its words are joined by it: "AT&T" is not "at T-Mobile".
    @Test func aNameJoinedByAnAmpersandIsFoundOnlySoJoined() {
        let analyzer = Analyzer(knowledge: KnowledgeBase(entities: [EntityDefinition(name: "AT&T", type: .org)]))
        func mentions(_ text: String) -> Int {
            analyzer.analyze(title: "", html: text, languageHint: "en").entities.first { $0.canonical == "AT&T" }?.mentions.count ?? 0
        }
        #expect(mentions("AT&amp;T raised its prices on Monday.") == 1)
        #expect(mentions("AT T raised its prices on Monday.") == 0)
    }
}
