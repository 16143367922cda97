import Analysis
import Rules
import Testing
import WirewatchCore

/// (query, article, expected match and spans) rows. Spans are marked in the
/// article with [brackets]: the rule must fire and its text evidence must be
/// exactly the marked spans (title or body, offsets relative to the field).
@Suite struct QueryMatchTests {
    struct Row: CustomStringConvertible, Sendable {
        var query: String
        var title = ""
        var text: String
        var fires: Bool
        var authors: [String] = []
        var categories: [String] = []
        var description: String { "\(query) on \(title.isEmpty ? "" : title + " | ")\(text)" }
    }

    static func yes(_ q: String, _ text: String, title: String = "", authors: [String] = [], categories: [String] = []) -> Row {
        Row(query: q, title: title, text: text, fires: true, authors: authors, categories: categories)
    }
    static func no(_ q: String, _ text: String, title: String = "", authors: [String] = []) -> Row {
        Row(query: q, title: title, text: text, fires: false, authors: authors)
    }

    static let rows: [Row] = [
        // Links side by side are words apart (markup item 2); "10<sup>6</sup>" is no 106 (item 3).
        no("trumpbiden", "<p><a href=\"/a\">Trump</a><a href=\"/b\">Biden</a></p>"),
        no("106", "<p>10<sup>6</sup> barrels</p>"),
        // A CJK wildcard: the characters before '*', whatever follows (trial4 finding 12).
        yes("深度*", "[深度]求索发布了新模型"),
        no("深度*", "深海探测器"),
        yes("深度AI*", "[深度AIs]发布"),
        // Characters a term writes side by side are side by side in the text, not across "，" or "。".
        yes("深度求索", "[深度求索]发布了新模型"),
        no("深度求索", "深度，求索发布了新模型"),
        no("\"深度求索\"", "研究深度。求索精神"),
        no("深度*", "深，度"),
        no("深度*", "深。度"),
        no("深度AI*", "深，度AIs发布"),
        yes("深度AI*", "[深度 AIs]发布"),
        no("ディープシーク", "ディープ、シーク"),
        // Half-width katakana are katakana, a voicing mark joined to its letter: "ｿﾌﾄﾊﾞﾝｸ" is ソフトバンク both ways.
        yes("ソフトバンク", "[ｿﾌﾄﾊﾞﾝｸ]が発表"),
        yes("ｿﾌﾄﾊﾞﾝｸ", "[ソフトバンク]が発表"),
        yes("case:\"ソフトバンク\"", "AIの[ｿﾌﾄﾊﾞﾝｸ]"),
        yes("ソフト*", "[ｿﾌﾄ]ﾊﾞﾝｸが発表"),
        no("ソフトバンク", "ｿﾌﾄﾊﾝｸ"),
        no("ソフトバンク", "ｿﾌﾄ､ﾊﾞﾝｸ"),
        yes("\"パン ヴ\"", "[ﾊﾟﾝ ｳﾞ]"),
        no("삼성전자", "삼성. 전자"),
        yes("\"深度 求索\"", "[深度，求索]发布"),
        yes("\"삼성 전자\"", "[삼성 전자]"),
        no("author:深度求索", "正文", authors: ["深度，求索"]),
        yes("author:深度求索", "正文", authors: ["深度求索"]),
        // Words joined by '&' are joined by it in the text: `AT&T` was the phrase "at t" and matched
        // "at T-Mobile" (exploratory finding of stop 33).
        yes("AT&T", "[AT&T] raised prices"),
        yes("AT&T", "shares of [at&t] fell"),
        yes("AT&T", "[ＡＴ＆Ｔ] raised prices"),
        no("AT&T", "he works at T-Mobile"),
        no("AT&T", "AT & T raised prices"),
        yes("\"AT & T\"", "[AT & T] raised prices"),
        yes("R&D", "spending on [R&D] rose"),
        no("R&D", "the R. D. Smith fund"),
        yes("category:AT&T", "news", categories: ["AT&T"]),
        no("author:AT&T", "news", authors: ["at T. Jones"]),
        // Typographic quotes are phrase quotes (trial4 finding 29).
        yes("\u{201C}export controls\u{201D}", "new [export controls] on chips"),
        no("\u{201C}controls export\u{201D}", "new export controls on chips"),
        no("\u{201E}controls export\u{201C}", "new export controls on chips"),
        no("\u{00AB}controls export\u{00BB}", "new export controls on chips"),
        no("\u{2018}controls export\u{2019}", "new export controls on chips"),
        yes("\u{2018}export controls\u{2019}", "new [export controls] on chips"),
        yes("title:\u{201E}export controls\u{201C}", "body", title: "New [export controls]"),
        // `case:` combines with title: and text: (trial4 finding 18).
        yes("title:case:US", "the us way", title: "The [US] way"),
        no("title:case:US", "The US way", title: "the us way"),
        yes("case:text:US", "The [US] way", title: "US"),
        // `case:` ignores width, not case: "ＵＳ" is "US", "ｕｓ" is "us".
        yes("case:\"ＵＳ\"", "The [US] said no."),
        yes("case:US", "美国（[ＵＳ]）政府"),
        yes("case:\"ＵＳ\"", "美国（[ＵＳ]）政府"),
        no("case:US", "ｕｓ and ｕｓ"),
        no("case:\"ＵＳ\"", "let us go"),
        yes("case:\"ＧＰＴ model*\"", "the [GPT models]"),
        // Words: on tokens, case- and diacritic-insensitive.
        yes("DeepSeek", "[DeepSeek] released a model."),
        yes("deepseek", "[DEEPSEEK] released a model."),
        no("US", "The bus was late."),
        yes("US", "The [US] said no."),
        yes("US", "The [U.S.] said no."),
        yes("us", "they told [us] and the [US]"),
        yes("Zürich", "[Zurich] is calm."),
        yes("zurich", "[Zürich] is calm."),
        yes("João", "By [Joao] Silva"),
        no("model", "models were trained"),
        yes("model", "a [model], another [model]"),
        yes("export", "[Export]-led growth"),
        yes("openai", "[OpenAI]'s chief"),
        // Apostrophe look-alikes are apostrophes: the "s" after ʼ (U+02BC) or ＇ is a possessive's.
        yes("openai", "[OpenAI]\u{2BC}s chief"),
        yes("\"DeepSeek models\"", "[DeepSeek\u{2BC}s models]"),
        yes("\"DeepSeek models\"", "[DeepSeek\u{FF07}s models]"),
        yes("\"DeepSeek models\"", "[DeepSeek´s models]"),
        yes("2025", "in [2025] alone"),
        yes("café", "the [CAFÉ] opened"),
        no("chip", "microchip makers"),
        // A phrase passes over an apostrophe's "s" it does not write (trial4 finding 6).
        yes("\"DeepSeek models\"", "[DeepSeek's models] were blamed"),
        yes("\"DeepSeek models\"", "[DeepSeek\u{2019}s models] were blamed"),
        yes("\"OpenAI concerns\"", "the [OpenAI's concerns] and [OpenAI concerns]"),
        no("case:\"DeepSeek models\"", "DeepSeek's models were"),
        no("case:\"New York Times\"", "New York's Times Square"),
        no("\"let go\"", "Let's go now"),
        no("\"it growing\"", "It's growing"),
        no("case:\"DeepSeek models\"", "deepseek's models were"),
        yes("\"DeepSeek * were\"", "[DeepSeek's models were] blamed"),
        yes("\"Altman * OpenAI\"", "Sam [Altman's OpenAI] said"),
        yes("\"the DeepSeek model\"", "said [the DeepSeek's model]"),
        yes("\"OpenAI's models\"", "[OpenAI's models] and OpenAI models"),
        no("\"DeepSeek models\"", "DeepSeek's new models"),
        no("\"DeepSeek models\"", "DeepSeek s models"),
        no("title:\"DeepSeek models\"", "models", title: "On DeepSeek's"),
        no("\"DeepSeek models\"", "models were", title: "On DeepSeek's"),
        // Letters with a stroke or slash, ligatures and letter-like signs fold as an English wire spells them (trial4, 20, 33).
        yes("Walesa", "Lech [Wałęsa] visited"),
        yes("Lodz", "He visited [Łódź] and [LODZ]."),
        yes("Djokovic", "Novak [Đoković] won."),
        yes("\"Djuro Djakovic\"", "the [Đuro Đaković] factory"),
        yes("\"Da Nang\"", "in [Đà Nẵng] today"),
        // A neighbour with a letter South Slavic does not write is no Vietnamese word (trial7 finding N1).
        yes("Djokovic", "Tromsø [Đoković] won"),
        yes("Djokovic", "[Đoković] beat Søren Larsen"),
        yes("Đoković", "Straße. Novak [Đoković] won."),
        yes("Djokovic", "Wałęsa then [Đoković]."),
        yes("\"Dinh Tien Dung\"", "said [Đinh Tiến Dũng] today"),
        yes("Dang", "Mr [Đặng] said"),
        yes("Oresund", "The [Øresund] bridge."),
        yes("Soren", "[Søren] Kierkegaard"),
        yes("Tromso", "snow in [Tromsø]"),
        yes("Aero", "the island of [Ærø]"),
        yes("finance", "the [ﬁnance] ministers"),
        yes("Łódź", "He visited [Lodz]."),
        yes("\u{212A}elvin", "the [\u{212A}elvin] scale"),
        yes("\u{212B}ngstrom", "one [\u{212B}ngstrom]"),
        yes("Angstrom", "one [\u{212B}ngstrom]"),
        yes("קול", "[קוֹל] ישראל"),
        // An invisible soft hyphen or word joiner inside a word does not split it; a zero-width space does (trial4, 8).
        yes("DeepSeek", "a model by [Deep\u{AD}Seek]."),
        yes("entity:DeepSeek", "a model by [Deep\u{AD}Seek] was"),
        yes("Exportkontrolle", "Die [Ex\u{AD}port\u{AD}kon\u{AD}trol\u{AD}le] gilt"),
        yes("distil*", "[Dis\u{AD}til\u{AD}la\u{AD}tion] by"),
        yes("Zürich", "in [Zü\u{AD}rich] today"),
        yes("topic:export-controls", "new Ex\u{AD}port con\u{AD}trols on China"),
        no("\"export controls\"", "new Export\u{AD}controls"),
        yes("DeepSeek", "by [Deep\u{2060}Seek] and [Deep\u{FEFF}Seek]"),
        no("DeepSeek", "by Deep\u{200B}Seek"),
        yes("\"Deep Seek\"", "by [Deep\u{200B}Seek]"),
        // A number keeps its decimal point and thousands separators; grouping is not matched (trial4, 5 and 7).
        no("\"5 billion\"", "Nvidia lost $12.5 billion"),
        yes("\"12.5 billion\"", "Nvidia lost $[12.5 billion] as"),
        no("\"5 percent\"", "shares fell 3.5 percent."),
        yes("\"5 percent\"", "shares fell [5 percent]."),
        no("3", "prices rose 3.5 percent"),
        yes("3.5", "prices rose [3.5] percent"),
        yes("3.5", "Preise stiegen um [3,5] Prozent"),
        // One separator before three digits may be either: matched as written (review of tokens, 1).
        yes("1000", "up to 1,000 dollars, 1.000 Euro or [1000] pounds"),
        yes("\"1,000\"", "up to [1,000] dollars, 1.000 Euro or 1000 pounds"),
        no("\"3.125\"", "some 3,125 people came"),
        no("3125", "a yield of 3.125 percent"),
        yes("\"3.125\"", "a yield of [3.125] percent"),
        yes("case:\"12,5\"", "um [12,5] Prozent"),
        yes("case:\"1,000\"", "up to [1,000] dollars"),
        yes("1000000", "a [1,000,000] prize, [1.000.000] Euro"),
        // A short prefix after other words is a phrase's last word (trial7 finding N14).
        yes("GPT-4*", "OpenAI's [GPT-4o] and [GPT-4.5]"),
        no("GPT-4*", "GPT-3.5 and a 4o model"),
        yes("\"GPT-4*\"", "the [GPT-4o] model"),
        // Syntax typed by a CJK input method in full-width mode, and dashes a document makes of '-' (trial7 N15, N16).
        yes("DeepSeek AND （Antarctica OR weather）", "[DeepSeek] and the [weather]"),
        no("DeepSeek AND （Antarctica OR weather）", "The weather was fine."),
        no("DeepSeek \u{2013}weather", "DeepSeek news. The weather was fine."),
        yes("DeepSeek \u{2013}weather", "[DeepSeek] news."),
        no("DeepSeek \u{2014}weather", "DeepSeek news. The weather was fine."),
        no("DeepSeek \u{2212}weather", "DeepSeek news. The weather was fine."),
        no("DeepSeek \u{FF0D}weather", "DeepSeek news. The weather was fine."),
        yes("distil\u{FF0A}", "the [distilled] models"),
        yes("Antarctica \u{FF2F}\u{FF32} DeepSeek", "[DeepSeek] only"),
        yes("title\u{FF1A}DeepSeek", "body", title: "On [DeepSeek]"),
        yes("美国 NEAR\u{FF0F}5 管制", "[美国加强出口管制]"),
        yes("\"state\u{2013}of\"", "a [state–of] the art"),
        // Subscript digits are digits; a superscript (a footnote mark, an exponent) is no part of a word (trial7 N23).
        yes("CO2", "Die [CO₂]-Emissionen stiegen"),
        yes("CO₂", "[CO2] emissions rose"),
        yes("\"CO2 emissions\"", "the [CO₂ emissions] rose"),
        yes("H2O", "water, [H₂O]"),
        yes("Nvidia", "[Nvidia]¹ said"),
        no("Nvidia1", "Nvidia¹ said"),
        yes("\"Nvidia said\"", "[Nvidia¹ said]"),
        yes("km", "100 [km]² of forest"),
        no("km2", "100 km² of forest"),
        // Full-width digits read as their ASCII digits do (review of querylang, 6).
        yes("3.5", "Japan [\u{FF13}.\u{FF15}] and [\u{FF13}\u{FF0E}\u{FF15}] and [3.5]"),
        no("3", "Japan \u{FF13}.\u{FF15}%"),
        yes("\"1,000\"", "[\u{FF11}\u{FF0C}\u{FF10}\u{FF10}\u{FF10}]人"),
        yes("12", "[\u{FF11}\u{FF12}]%"),
        // A unit right after a full-width number stays in its word, as after "3.5" (review of s27, 6).
        no("3", "\u{FF13}.\u{FF15}km走った"),
        no("3", "\u{FF13}.\u{FF15}kg増"),
        no("\"5km\"", "\u{FF13}.\u{FF15}km走った"),
        yes("3.5km", "[\u{FF13}.\u{FF15}km]走った"),
        yes("3.5km", "[\u{FF13}.\u{FF15}\u{FF4B}\u{FF4D}]走った, [\u{FF13}\u{FF0E}\u{FF15}\u{FF2B}\u{FF2D}] and [3.5km]"),
        yes("3.5", "[\u{FF13}.\u{FF15}]µm and [3.5]µm"),
        yes("2025", "\u{FF11}\u{FF0E}\u{FF11}\u{FF12}\u{FF0E}[\u{FF12}\u{FF10}\u{FF12}\u{FF15}]"),
        yes("2500.75", "paid [2,500.75] and [2.500,75]"),
        yes("2025", "in [2025]. Then more"),
        yes("\"2025 and 2026\"", "in [2025 and 2026], more"),
        yes("\"1.12.2025\"", "am [1.12.2025] um"),
        // A dotted date is no number: its groups are words, so its year matches (review of tokens, 2).
        yes("2025", "am 1.12.[2025] um"),
        yes("12", "am 1.[12].2025 um"),
        yes("12.5bn", "lost [12.5bn] in"),
        // "C++", "C#", "F#": a word of one or two letters keeps "++" or "#" (trial4, 1).
        yes("C++", "[C++] developers"),
        yes("AT&T", "[AT&T] said"),
        // Quoted, a symbol's words around it say what is meant; a number with a symbol is the number (review of this session, 2).
        yes("\"Apple TV+\"", "on [Apple TV]+ today"),
        yes("\"A+ rating\"", "an [A+ rating] from S&P"),
        yes("5%", "rose [5]% on Monday"),
        yes("G7+", "the [G7]+ talks"),
        no("C++", "Vitamin C is good"),
        no("C", "C++ developers and C# fans"),
        yes("C", "Vitamin [C] is good"),
        no("C#", "C++ developers"),
        no("C++", "C# fans"),
        yes("C#", "[C#] fans"),
        yes("F#", "written in [F#]."),
        yes("\"C++ developers\"", "[C++ developers] rose"),
        yes("c++", "since [C++]20 was out"),
        // Phrases.
        yes("\"export controls\"", "New [Export Controls] were announced."),
        no("\"export controls\"", "controls on export were announced."),
        yes("\"export controls\"", "on [export, controls] and more"),
        yes("\"knowledge distillation\"", "so-called [knowledge distillation] is"),
        no("\"national security\"", "national and security"),
        yes("\"chip export rules\"", "new [chip export rules] today"),
        no("\"export control\"", "export controls"),
        // A phrase's other words are compared with the tokens beside its anchor (the longest word), folded.
        yes("\"naive cafe\"", "a [Naïve Café] opened"),
        yes("\"cafe naive\"", "a [CAFÉ NAÏVE] opened"),
        no("\"naive cafe\"", "a naive bistro, a cafe"),
        yes("\"export control*\"", "new [export controls] and [export control] rules"),
        yes("\"copycat model*\"", "called [copycat models] by"),
        yes("\"trained on * outputs\"", "was [trained on ChatGPT outputs] they said"),
        no("\"trained on * outputs\"", "trained on outputs"),
        no("\"trained on * outputs\"", "trained on rival model outputs"),
        yes("\"on * outputs\"", "trained [on its outputs]"),
        yes("\"distil* from\"", "it was [distilled from] others"),
        no("\"export controls\"", "controls tighten", title: "Export"),
        yes("title:\"export controls\"", "nothing", title: "[Export controls] tighten"),
        yes("\"export controls\"", "and [export controls]", title: "[Export controls] tighten"),
        // Wildcards.
        yes("distil*", "They [distilled] the model."),
        yes("distil*", "[Distillation] is common"),
        no("distil*", "distance"),
        yes("dist* AND model", "[distance] [model]"),
        yes("chip*", "[Chips] and [chipmakers]"),
        no("chip*", "microchips"),
        yes("semicond*", "[semiconductors]"),
        // Boolean operators and precedence.
        no("DeepSeek AND distil*", "DeepSeek released a model."),
        yes("DeepSeek AND distil*", "[DeepSeek] [distilled] it."),
        yes("DeepSeek OR OpenAI", "[OpenAI] released a model."),
        yes("DeepSeek OR OpenAI", "[DeepSeek] and [OpenAI]"),
        no("DeepSeek -weather", "DeepSeek weather report."),
        yes("DeepSeek NOT weather", "[DeepSeek] model report."),
        yes("DeepSeek model", "[DeepSeek] released a [model]."),
        yes("(DeepSeek OR OpenAI) AND (chips OR model)", "[OpenAI] [chips]"),
        no("(DeepSeek OR OpenAI) AND (chips OR model)", "OpenAI software"),
        yes("NOT weather AND DeepSeek", "[DeepSeek] ok"),
        no("DeepSeek AND NOT (weather OR sport)", "DeepSeek sport"),
        yes("DeepSeek AND NOT (weather OR sport)", "[DeepSeek] chips"),
        yes("China OR Beijing AND tariffs", "[China] only"),
        no("China OR Beijing AND tariffs", "Beijing only"),
        yes("China OR Beijing AND tariffs", "[Beijing] [tariffs]"),
        yes("-weather DeepSeek", "[DeepSeek]"),
        yes("DeepSeek && OpenAI", "[DeepSeek] [OpenAI]"),
        yes("DeepSeek || OpenAI", "[OpenAI]"),
        yes("rock and roll", "[rock] [and] [roll]"),
        no("anti-China", "anti war in China"),
        yes("anti-China", "an [anti-China] stance"),
        // NEAR/n: at most n words between, either order; ONEAR/n: in order.
        yes("DeepSeek NEAR/3 distillation", "[DeepSeek used distillation]"),
        yes("DeepSeek NEAR/3 distillation", "[distillation, said DeepSeek]"),
        no("DeepSeek NEAR/3 distillation", "DeepSeek is said to have used distillation"),
        yes("DeepSeek NEAR/5 distillation", "[DeepSeek is said to have used distillation]"),
        no("DeepSeek NEAR/4 distillation", "DeepSeek is said to have used distillation"),
        no("DeepSeek ONEAR/3 distillation", "distillation, said DeepSeek"),
        yes("DeepSeek ONEAR/3 distillation", "[DeepSeek used distillation]"),
        yes("DeepSeek NEAR/0 AI", "[DeepSeek AI]"),
        yes("\"export controls\" NEAR/5 China", "new [export controls aimed at China]"),
        yes("distil* NEAR/2 model*", "they [distilled their models]"),
        yes("(OpenAI OR Microsoft) NEAR/2 Nvidia", "[Microsoft and Nvidia]"),
        yes("entity:DeepSeek NEAR/3 distil*", "[DeepSeek AI distilled] it"),
        no("DeepSeek NEAR/2 distillation", "distillation claims", title: "DeepSeek"),
        yes("China NEAR/2 tariffs NEAR/2 soybeans", "[China tariffs on soybeans]"),
        yes("DeepSeek NEAR/3 distillation",
            "[DeepSeek distillation] and then a long stretch of other words in between before [distillation by DeepSeek]"),
        yes("\"knowledge distillation\" ONEAR/1 DeepSeek", "[knowledge distillation by DeepSeek]"),
        no("DeepSeek NEAR/3 DeepSeek", "a DeepSeek b"),
        yes("DeepSeek NEAR/3 DeepSeek", "[DeepSeek and DeepSeek]"),
        // SENTENCE(…): every operand in one sentence.
        yes("SENTENCE(OpenAI, Microsoft)", "[OpenAI partnered with Microsoft]. Other news."),
        no("SENTENCE(OpenAI, Microsoft)", "OpenAI spoke. Microsoft listened."),
        yes("SENTENCE(OpenAI, Microsoft, Nvidia)", "[Microsoft, Nvidia and OpenAI] met."),
        yes("SENTENCE(OpenAI, Microsoft OR Google)", "[OpenAI and Google] met. Microsoft did not."),
        yes("SENTENCE(entity:DeepSeek, distil*)", "Analysts say [DeepSeek distilled] models. Fine."),
        yes("SENTENCE(OpenAI, Microsoft)", "[OpenAI told Mr. Smith of Microsoft] today."),
        yes("SENTENCE(OpenAI, Microsoft) AND Nvidia", "[OpenAI and Microsoft] met. [Nvidia] too."),
        yes("SENTENCE(\"export controls\", China)", "New [export controls hit China]. Then more."),
        // A name in lower case with a capital after it starts a sentence; abbreviations still do not end one (trial4, 23).
        no("SENTENCE(Apple, iPhone)", "Apple reported results on Monday. iPhone sales rose."),
        no("SENTENCE(Amazon, eBay)", "Amazon sued the firm. eBay shares fell."),
        no("SENTENCE(Musk, xAI)", "Musk spoke on Monday. xAI raised money."),
        yes("SENTENCE(Apple, iPhone)", "[Apple said iPhone] sales rose."),
        yes("SENTENCE(growth, officials)", "[Growth slowed, e.g. the U.S. officials] said."),
        yes("SENTENCE(rose, five)", "Sales [rose approx. five] percent."),
        yes("SENTENCE(growth, eBay)", "[Growth of firms, e.g. eBay] and Etsy."),
        yes("SENTENCE(brands, iPhone)", "Many [brands incl. iPhone] sold."),
        no("SENTENCE(apple, amazon)", "apple reported results. amazon sued the firm."),
        yes("SENTENCE(apple, amazon)", "[apple and amazon] met. then they left."),
        // Chinese and Japanese "。！？", Arabic "؟" and Hindi "।" end a sentence, no space after them (trial7 N17).
        no("SENTENCE(深度求索, 出口管制)", "深度求索周一发布了新的人工智能模型，引起了广泛关注。美国政府随后宣布加强对华出口管制，限制先进芯片的销售。"),
        yes("SENTENCE(深度求索, 出口管制)", "专家说。[深度求索受到出口管制]。"),
        no("SENTENCE(ディープシーク, 輸出規制)", "ディープシークは月曜日に新しいモデルを発表した。米国政府は輸出規制を強化した。"),
        no("SENTENCE(深度求索, 出口管制)", "深度求索发布了模型！出口管制随后加强。"),
        no("SENTENCE(深度求索, 出口管制)", "深度求索发布了模型吗？出口管制随后加强。"),
        no("SENTENCE(DeepSeek, OpenAI)", "مرحبا DeepSeek؟ عالم OpenAI."),
        no("SENTENCE(DeepSeek, OpenAI)", "नमस्ते DeepSeek। भारत OpenAI"),
        yes("SENTENCE(DeepSeek, OpenAI)", "नमस्ते। [DeepSeek भारत OpenAI]॥"),
        // Field scopes.
        yes("title:DeepSeek", "other", title: "[DeepSeek] news"),
        no("title:DeepSeek", "DeepSeek", title: "News"),
        no("text:DeepSeek", "nothing", title: "DeepSeek news"),
        yes("text:DeepSeek", "about [DeepSeek]", title: "News"),
        yes("url:news", "anything"),
        no("url:sport", "anything"),
        yes("source:f", "anything"),
        yes("source:\"news.test\"", "anything"),
        yes("author:smith", "anything", authors: ["Jane Smith"]),
        no("author:smith", "anything", authors: ["Jane Doe"]),
        yes("category:tech*", "anything", categories: ["Technology"]),
        yes("url:news AND DeepSeek", "about [DeepSeek]"),
        // Case-sensitive terms.
        no("case:\"US\"", "the us"),
        yes("case:\"US\"", "the [US]"),
        yes("case:\"US\"", "the [U.S.] said"),
        // In shouted text capitals say nothing: the acronym only where the United States is read (exploratory
        // finding of stop 32: "WHAT IT MEANS FOR US" fired `case:US`).
        no("case:US", "Rates were cut.", title: "WHAT THE RATE CUT MEANS FOR US"),
        yes("case:US", "Troops left.", title: "[US] TROOPS LEAVE BASE"),
        yes("case:US AND NOT case:EU", "Rates were cut.", title: "THE [US] ECONOMY SLOWS"),
        no("case:Apple", "an apple a day"),
        yes("case:Apple AND iPhone", "[Apple] [iPhone]"),
        yes("case:\"Apple Pay\"", "uses [Apple Pay] now"),
        no("case:\"Apple Pay\"", "uses apple pay now"),
        no("case:\"Apple Pay\"", "uses Apple pay now"),
        no("case:\"Apple Pay\"", "uses apple Pay now"),
        // Entities: canonical name, alias or type.
        yes("entity:DeepSeek", "Reports on [DeepSeek AI] grew."),
        yes("entity:\"United States\"", "The [U.S.] Navy agreed."),
        yes("entity:US", "The [US] agreed."),
        yes("entity:LOC", "The [U.S.] Navy agreed."),
        no("entity:ORG", "The U.S. agreed."),
        // "U.S. Navy" is an organisation the analysis reads from context (its last word).
        yes("entity:ORG", "The [U.S. Navy] agreed."),
        no("entity:DeepSeek", "deepseek in lower case"),
        yes("entity:PERSON", "said [David Sacks] on Monday"),
        yes("entity:\"DeepSeek AI\"", "[DeepSeek] grew"),
        // A name of several entities matches any of them: "Beijing" is the city (a dateline) and China
        // (running text); "Washington" the United States and the city; "Washington, D.C." the city alone.
        yes("entity:Beijing", "Officials in [Beijing] said the talks would go on. Protests in [Beijing] grew."),
        yes("entity:Beijing", "[BEIJING] (Reuters) - Officials met on Monday."),
        yes("entity:China", "Officials in [Beijing] said so."),
        no("entity:China", "BEIJING (Reuters) - Officials met on Monday."),
        yes("entity:Washington", "[WASHINGTON] (Reuters) - Officials met on Monday."),
        yes("entity:Washington", "[Washington] imposed sanctions."),
        no("entity:\"Washington, D.C.\"", "Washington imposed sanctions."),
        yes("entity:\"Washington, D.C.\"", "[WASHINGTON] (Reuters) - Officials met on Monday."),
        yes("entity:Beijing NEAR/2 talks", "[Beijing halted talks] again."),
        // Topics, with an optional minimum score.
        yes("topic:model-distillation", "knowledge distillation again"),
        no("topic:model-distillation>0.9", "distilled once"),
        yes("topic:model-distillation>0.5", "knowledge distillation and distillation"),
        yes("topic:export-controls AND China", "export controls on [China]"),
        no("topic:export-controls AND China", "tariffs on China"),
        // The design's examples.
        yes("entity:DeepSeek AND (topic:model-distillation OR \"trained on * outputs\")", "[DeepSeek] was [trained on ChatGPT outputs]"),
        yes("\"export control*\" AND (China OR Chinese OR Beijing)", "US [export controls] on [Chinese] firms"),
        no("\"export control*\" AND (China OR Chinese OR Beijing)", "US export controls on Russia"),
    ]

    @Test func thereAreAtLeastAHundredRows() { #expect(Self.rows.count >= 100) }

    @Test(arguments: rows)
    func row(_ row: Row) throws {
        let (title, titleSpans) = Self.unmark(row.title)
        let (text, textSpans) = Self.unmark(row.text)
        let query = row.query
        let book = try RuleTestSupport.book([query])
        let input = RuleTestSupport.input(book, title: title, text: text, authors: row.authors, categories: row.categories)
        let matches = book.match(input)
        #expect((matches.count == 1) == row.fires, "\(row)")
        // The index only saves work: evaluating the rule on its own agrees.
        #expect((book.match(input, rule: "r0") != nil) == row.fires, "unfiltered: \(row)")
        guard row.fires, let evidence = matches.first?.evidence else { return }
        let got = Set(evidence.filter { $0.field == "title" || $0.field == "text" }.map { "\($0.field)\($0.span)" })
        let want = Set(titleSpans.map { "title\($0)" } + textSpans.map { "text\($0)" })
        #expect(got == want, "\(row): evidence \(evidence.map { "\($0.field)\($0.span) '\($0.match)'" })")
        for e in evidence { #expect(e.snippet.count <= 160) }
    }

    /// Strips the [marks] and returns their spans in Unicode scalars.
    static func unmark(_ s: String) -> (String, [[Int]]) {
        var out = String.UnicodeScalarView()
        var spans: [[Int]] = []
        var open = 0
        for c in s.unicodeScalars {
            switch c {
            case "[": open = out.count
            case "]": spans.append([open, out.count])
            default: out.append(c)
            }
        }
        return (String(out), spans)
    }

    @Test func evidenceGivesSpanMatchAndSnippet() throws {
        let book = try RuleTestSupport.book(["distil*"])
        let e = try #require(book.match(RuleTestSupport.input(book, title: "Title here", text: "They say it was distilled from others.")).first?.evidence)
        #expect(e == [AlertRecord.Evidence(clause: "distil*", field: "text", span: [16, 25], match: "distilled",
                                           snippet: "They say it was distilled from others.")])
    }

    @Test func snippetIsCutAtWordsAroundTheMatch() throws {
        let filler = Array(repeating: "lorem ipsum dolor", count: 30).joined(separator: " ")
        let book = try RuleTestSupport.book(["DeepSeek"])
        let e = try #require(book.match(RuleTestSupport.input(book, text: filler + " DeepSeek " + filler)).first?.evidence.first)
        #expect(e.snippet.count <= 160)
        #expect(e.snippet.hasPrefix("…") && e.snippet.hasSuffix("…"))
        #expect(e.snippet.contains(" DeepSeek "))
        #expect(!e.snippet.contains("  "))
    }
}
