@testable import Analysis
import Testing

@Suite struct TokenizerTests {
    @Test func initialismsAreOneToken() {
        let (tokens, _) = Tokenizer.tokenize("The U.S. Navy and the U.K. agreed.")
        #expect(tokens.map(\.text) == ["The", "US", "Navy", "and", "the", "UK", "agreed"])
        #expect(tokens[1].start == 4 && tokens[1].end == 8)
    }

    @Test func foldingIgnoresCaseAndDiacritics() {
        #expect(Tokenizer.foldedWords("Export Controls") == ["export", "controls"])
        #expect(Tokenizer.foldedWords("João Zürich") == ["joao", "zurich"])
    }

    /// Letters that carry a stroke or a slash, ligatures and the signs NFC maps to letters (trial4, 20 and 33).
    @Test func foldingSpellsStrokedLettersAsAnEnglishWireDoes() {
        #expect(Tokenizer.foldedWords("Wałęsa Łódź Øresund Søren Tromsø ﬁnance ﬂow Æsir œuvre Þór ħ ŧ ı")
            == ["walesa", "lodz", "oresund", "soren", "tromso", "finance", "flow", "aesir", "oeuvre", "thor", "h", "t", "i"])
        // Đ is "Dj" in a South Slavic name, "D" in Vietnamese.
        #expect(Tokenizer.foldedWords("Đoković Đorđe Đà Nẵng") == ["djokovic", "djordje", "da", "nang"])
        #expect(Tokenizer.foldedWords("\u{212A}elvin \u{212B}ngstrom") == Tokenizer.foldedWords(CleanText.nfc("\u{212A}elvin \u{212B}ngstrom")))
        #expect(Tokenizer.foldedWords("קוֹל") == ["קול"])
    }

    @Test func abbreviationsDoNotEndSentences() {
        let (_, sentences) = Tokenizer.tokenize("Mr. Sacks spoke to Dr. Wang on Jan. 29. The U.S. Navy agreed. Then it ended!")
        #expect(sentences.count == 3)
    }

    /// The rules' word table is probed with `Token.hash`, so it must follow
    /// `folded` however the token was made or changed.
    @Test func aTokensHashIsTheWordHashOfItsFoldedText() {
        let tokens = Tokenizer.tokenize("Zürich's DeepSeek distils").tokens
        #expect(tokens.map(\.hash) == tokens.map { WordHash.of($0.folded) })
        var token = Token(start: 0, end: 4, text: "Bus", folded: "bus")
        #expect(token.hash == WordHash.of("bus"))
        token.folded = "us"
        #expect(token.hash == WordHash.of("us"))
    }

    @Test func hanCharactersAreTokens() {
        let (tokens, _) = Tokenizer.tokenize("深度求索 AI")
        #expect(tokens.map(\.text) == ["深", "度", "求", "索", "AI"])
    }
}

@Suite struct MojibakeTests {
    @Test(arguments: [("Jo√£o", "João"), ("itâ€™s", "it’s"), ("cafÃ©", "café"), ("naÃ¯ve", "naïve")])
    func repairs(_ broken: String, _ fixed: String) {
        #expect(Mojibake.repair(broken).text == fixed)
    }

    @Test(arguments: ["café", "Zürich £5 — “quoted”", "Ωmega ≤ 3", "plain ascii"])
    func leavesCorrectTextAlone(_ s: String) {
        #expect(Mojibake.repair(s).text == s)
        #expect(!Mojibake.repair(s).repaired)
    }
}
