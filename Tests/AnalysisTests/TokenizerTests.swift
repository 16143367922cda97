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
        #expect(Tokenizer.foldedWords("Đoković Đorđe") == ["djokovic", "djordje"])
        #expect(Tokenizer.foldedWords("Đà Nẵng") == ["da", "nang"])
        // Word by word, alike whole and as tokens: "Đuro" is Djuro beside "Đaković" (review of tokens, 5).
        #expect(Tokenizer.foldedWords("Đuro Đaković") == ["djuro", "djakovic"])
        #expect(Tokenizer.foldedWords("Đặng") == ["dang"])
        // A Vietnamese word beside it makes Đ "D" (review of this session, 9); alone, "Đinh" is read as South Slavic.
        #expect(Tokenizer.foldedWords("Đinh Tiến Dũng met Đinh La Thăng") == ["dinh", "tien", "dung", "met", "dinh", "la", "thang"])
        #expect(TextFolding.fold("Đinh La Thăng") == "dinh la thang")
        #expect(Tokenizer.foldedWords("Đinh") == ["djinh"])
        #expect(TextFolding.fold("Đuro Đaković") == "djuro djakovic")
        #expect(TextFolding.fold("Đà Nẵng") == "da nang")
        #expect(Tokenizer.foldedWords("\u{212A}elvin \u{212B}ngstrom") == Tokenizer.foldedWords(CleanText.nfc("\u{212A}elvin \u{212B}ngstrom")))
        #expect(Tokenizer.foldedWords("קוֹל") == ["קול"])
        // What NFC changes in the clean text folds alike in a query term, which is not normalised.
        for term in ["\u{1F71}θήνα", "\u{F900}", "\u{2126}mega"] {
            #expect(Tokenizer.foldedWords(term) == Tokenizer.foldedWords(CleanText.nfc(term)), "\(term)")
        }
    }

    /// A soft hyphen (from "&shy;"), a word joiner or U+FEFF inside a word is in the token's span, not its text (trial4, 8).
    @Test func invisibleJoinersDoNotSplitAWord() {
        let text = CleanText.from(html: "<p>By Deep&shy;Seek, Ex&shy;port&shy;kon&shy;trol&shy;le and Zü&#x2060;rich; Zero&#8203;width.</p>").text
        let tokens = Tokenizer.tokenize(text).tokens
        #expect(tokens.map(\.text) == ["By", "DeepSeek", "Exportkontrolle", "and", "Zürich", "Zero", "width"])
        #expect(tokens[1].start == 3 && tokens[1].end == 12 && tokens[1].folded == "deepseek" && tokens[1].shape.contains(.innerCap))
        #expect(tokens[1].hash == WordHash.of("deepseek"))
        // A joiner not between two letters is no part of a word.
        #expect(Tokenizer.tokenize("a \u{AD}b c\u{AD} d").tokens.map(\.text) == ["a", "b", "c", "d"])
    }

    /// Numbers keep their decimal mark and separators; grouping is not matched (trial4, 5 and 7).
    @Test func aNumberIsOneToken() {
        let tokens = Tokenizer.tokenize("lost $12.5 billion, 3,5 Prozent, 1,000 or 1.000 or 2.500,75 on 1.12.2025 in 2025. Then 12.5bn.").tokens
        #expect(tokens.map(\.text) == ["lost", "12.5", "billion", "3,5", "Prozent", "1,000", "or", "1.000", "or", "2.500,75", "on",
                                       "1", "12", "2025", "in", "2025", "Then", "12.5bn"])
        // One separator before three digits may be either, and is kept as written (review of tokens, 1).
        #expect(tokens.map(\.folded) == ["lost", "12.5", "billion", "3.5", "prozent", "1,000", "or", "1.000", "or", "2500.75", "on",
                                         "1", "12", "2025", "in", "2025", "then", "12.5bn"])
        #expect(tokens.map(\.hash) == tokens.map { WordHash.of($0.folded) })
        #expect(Tokenizer.tokenize("in 2025. Then").sentences.count == 2)
    }

    /// Digits and separators that make no number (a date, an address, a version) are words of their own,
    /// so a date's year is the word 2025, and one sentence stays one (review of tokens, 2).
    @Test func digitsThatMakeNoNumberAreWordsOfTheirOwn() {
        let scan = Tokenizer.tokenize("Am 1.12.2025 um 10 Uhr; host 192.168.0.1 runs 2.5.3 and 1,000.5.")
        #expect(scan.tokens.map(\.text) == ["Am", "1", "12", "2025", "um", "10", "Uhr", "host", "192", "168", "0", "1", "runs",
                                            "2", "5", "3", "and", "1,000.5"])
        #expect(scan.sentences.count == 1)
        #expect(Tokenizer.foldedWords("1.12.2025") == ["1", "12", "2025"])
        // Two years with a comma between them are two words, not the decimal 2019.2020; "3,1415" stays a decimal.
        #expect(Tokenizer.foldedWords("in 2019,2020 and 3,1415") == ["in", "2019", "2020", "and", "3.1415"])
    }

    /// "C++", "C#": one or two letters keep "++" or "#" (trial4, 1).
    @Test func cPlusPlusIsOneToken() {
        #expect(Tokenizer.tokenize("C++ and C# and F#, g++; C+D, A+ and ABC++ C#x").tokens.map(\.text)
            == ["C++", "and", "C#", "and", "F#", "g++", "C", "D", "A", "and", "ABC", "C", "x"])
        #expect(Tokenizer.foldedWords("C++") == ["c++"])
        #expect(Tokenizer.tokenize("in C#").tokens.map(\.text) == ["in", "C#"])
    }

    /// A name in lower case with a capital after it starts a sentence; all-lower-case text splits at full stops (trial4, 23).
    @Test func aLowerCaseNameStartsASentence() {
        #expect(Tokenizer.tokenize("Apple reported on Monday. iPhone sales rose. Amazon sued the firm. eBay fell. Musk spoke. xAI rose.").sentences.count == 6)
        #expect(Tokenizer.tokenize("Firms, e.g. eBay and the U.S. officials, rose approx. five percent at 5 p.m. iPhone time.").sentences.count == 1)
        #expect(Tokenizer.tokenize("apple reported results. amazon sued the firm. etc. and more").sentences.count == 3)
        #expect(Tokenizer.tokenize("Apple reported results. amazon sued the firm.").sentences.count == 1)
        // A sentence may open with the quotes of other languages, '¿', '¡' or a dash, and close with their quotes
        // (exploratory finding: "…Donald. „Trump…" was one sentence, and "Donald Trump" a phrase across it).
        for text in ["Er traf Donald. „Trump ist ein Problem“, sagte er.", "Vio a Donald. ¿Trump vendrá?", "Vio a Donald. ¡Trump vino!",
                     "Il a vu Donald. « Trump viendra », dit-il.", "Er traf Donald. »Trump kommt«, sagte er.", "He saw Donald. — Trump left.",
                     "He saw Donald. ‚Trump‘ left.", "„Er kam.“ Trump ging.", "« Il est venu. » Trump est parti.", "»Er kam.« Trump ging."] {
            let sentences = Tokenizer.tokenize(text).sentences
            #expect(sentences.count == 2, "\(text): \(sentences)")
        }
    }

    @Test func abbreviationsDoNotEndSentences() {
        let (_, sentences) = Tokenizer.tokenize("Mr. Sacks spoke to Dr. Wang on Jan. 29. The U.S. Navy agreed. Then it ended!")
        #expect(sentences.count == 3)
        // "No." abbreviates a number only before one: "said no. Growers" ends a sentence (exploratory finding of stop 32).
        #expect(Tokenizer.tokenize("He lives at No. 10 Downing Street. Voters said no. Growers said yes.").sentences.count == 3)
    }

    /// "。", "！", "？" end a Chinese or Japanese sentence with no space or capital after them, "؟" an
    /// Arabic one, "।" and "॥" a Hindi one; closing quotes after the mark stay in the sentence (trial7 N17).
    @Test func fullStopsOfOtherScriptsEndSentences() {
        let zh = "深度求索周一发布了新的人工智能模型，引起了广泛关注。美国政府随后宣布加强对华出口管制！专家认为这将影响行业发展？对"
        let (zhTokens, zhSentences) = Tokenizer.tokenize(zh)
        #expect(zhSentences.count == 4)
        #expect(zhSentences.map { String(zh.unicodeScalars.dropFirst($0.start).prefix(1)) } == ["深", "美", "专", "对"])
        #expect(zhTokens.first { $0.text == "美" }?.sentence == 1)
        let ja = "ディープシークは月曜日に新しいモデルを発表した。「米国政府は輸出規制を強化した。」専門家は驚いた｡以上"
        let jaSentences = Tokenizer.tokenize(ja).sentences
        #expect(jaSentences.count == 4)
        #expect(jaSentences.map { String(ja.unicodeScalars.dropFirst($0.start).prefix(1)) } == ["デ", "「", "専", "以"])
        #expect(Tokenizer.tokenize("مرحبا DeepSeek؟ عالم OpenAI. नमस्ते DeepSeek। भारत OpenAI॥ अंत").sentences.count == 4)
        // ASCII marks still want a space and a capital after them.
        #expect(Tokenizer.tokenize("v1.2 of DeepSeek!OpenAI").sentences.count == 1)
    }

    /// Subscript digits are digits of the word ("CO₂" is co2); superscripts are footnote marks or exponents,
    /// no part of it ("Nvidia¹" is nvidia, "km²" km) (trial7 N23).
    @Test func subscriptDigitsAreDigitsAndSuperscriptsNoPartOfAWord() {
        let tokens = Tokenizer.tokenize("CO₂-Emissionen, H₂O, Nvidia¹ said, 10 km² and 10⁶ Müller₃").tokens
        #expect(tokens.map(\.folded) == ["co2", "emissionen", "h2o", "nvidia", "said", "10", "km", "and", "10", "muller3"])
        #expect(tokens.map(\.text) == ["CO₂", "Emissionen", "H₂O", "Nvidia", "said", "10", "km", "and", "10", "Müller₃"])
        #expect(tokens.map(\.hash) == tokens.map { WordHash.of($0.folded) })
        #expect(Tokenizer.foldedWords("CO₂") == Tokenizer.foldedWords("CO2"))
    }

    /// Letters after a full-width number stay in its word, full-width ones read as ASCII, as "3.5km" is one word (review of s27, 6).
    @Test func aUnitAfterAFullWidthNumberStaysInItsWord() {
        #expect(Tokenizer.tokenize("３.５km走った、３．５ｋｍ、3.5km").tokens.map(\.folded) == ["3.5km", "走", "っ", "た", "3.5km", "3.5km"])
        #expect(Tokenizer.tokenize("３.５µm").tokens.map(\.text) == ["３.５", "µm"])
        #expect(Tokenizer.tokenize("３.５µm").tokens.first?.folded == "3.5")
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

    /// Half-width katakana are katakana: a character a token, a voicing mark with its letter, folded (and spelt,
    /// for `case:`) as full width writes them, so a word written either way is the same tokens.
    @Test func halfWidthKatakanaAreKatakana() {
        let (tokens, _) = Tokenizer.tokenize("AIｿﾌﾄﾊﾞﾝｸｰﾊﾟ")
        #expect(tokens.map(\.text) == ["AI", "ｿ", "ﾌ", "ﾄ", "ﾊﾞ", "ﾝ", "ｸ", "ｰ", "ﾊﾟ"])
        #expect(tokens.map(\.folded) == ["ai", "ソ", "フ", "ト", "バ", "ン", "ク", "ー", "パ"])
        #expect(tokens.map(\.spelling) == ["AI", "ソ", "フ", "ト", "バ", "ン", "ク", "ー", "パ"])
        #expect(tokens.map(\.start) == [0, 2, 3, 4, 5, 7, 8, 9, 10])
        #expect(tokens.map(\.hash) == Tokenizer.tokenize("AIソフトバンクーパ").tokens.map(\.hash))
        #expect(SideBySide.joinedToPrevious(tokens) == [false, false, true, true, true, true, true, true, true])
        #expect(TextFolding.fold("ｿﾌﾄﾊﾞﾝｸ") == "ソフトバンク")
        #expect(LanguageGuesser.guess(Tokenizer.tokenize("ｿﾌﾄﾊﾞﾝｸｶﾞｼｮｳﾋﾝｦﾊｯﾋﾟｮｳｼﾀ").tokens) == "ja")
    }

    /// ʼ (U+02BC, a "modifier letter" to Unicode), ＇, ‘, ′, ´ and ` stand for the apostrophe as ’ does: each splits
    /// the word, and the "s" after it is an apostrophe's.
    @Test(arguments: ["\u{2BC}", "\u{FF07}", "\u{2018}", "\u{2032}", "\u{B4}", "`", "\u{2019}", "'"])
    func apostropheLookalikesSplitAPossessive(_ mark: String) {
        let tokens = Tokenizer.tokenize("OpenAI\(mark)s models").tokens
        #expect(tokens.map(\.folded) == ["openai", "s", "models"])
        #expect(tokens.map(\.isApostropheS) == [false, true, false])
    }
}

@Suite struct MojibakeTests {
    @Test(arguments: [("Jo√£o", "João"), ("itâ€™s", "it’s"), ("cafÃ©", "café"), ("naÃ¯ve", "naïve"), ("S√£o Paulo", "São Paulo"),
                      ("at ¬£10", "at £10"), ("don‚Äôt", "don’t"), ("√©t√©", "été"), ("he said.‚Äù Then", "he said.” Then"),
                      ("prices ‚Äî rose", "prices — rose"), ("10 ‚Ç¨", "10 €")])
    func repairs(_ broken: String, _ fixed: String) {
        #expect(Mojibake.repair(broken).text == fixed)
    }

    /// A root in maths is no Mac Roman mojibake: "√π" decodes to "ù", but a letter standing alone is no word (trial5 finding 31).
    @Test(arguments: ["café", "Zürich £5 — “quoted”", "Ωmega ≤ 3", "plain ascii", "The value of √π is about 1.77", "and √µ is used", "2√π"])
    func leavesCorrectTextAlone(_ s: String) {
        #expect(Mojibake.repair(s).text == s)
        #expect(!Mojibake.repair(s).repaired)
    }
}
