import Analysis
import Testing

@Suite struct LanguageGuesserTests {
    @Test(arguments: [
        ("en", "The government said on Tuesday that it would raise interest rates to curb inflation."),
        ("de", "Die Bundesregierung will die Steuern für kleine Unternehmen im kommenden Jahr senken."),
        ("fr", "Le gouvernement a annoncé mardi une hausse des impôts pour les grandes entreprises."),
        ("es", "El gobierno anunció el martes una subida de impuestos para las grandes empresas."),
        ("it", "Il governo ha annunciato martedì un aumento delle tasse per le grandi imprese."),
        ("pt", "O governo anunciou na terça-feira um aumento de impostos para as grandes empresas."),
        ("nl", "De regering heeft dinsdag een belastingverhoging voor grote bedrijven aangekondigd."),
        ("ru", "Правительство во вторник объявило о повышении налогов для крупных компаний."),
        ("zh", "政府周二宣布对大公司增税。"),
        ("ja", "政府は火曜日、大企業への増税を発表した。"),
        ("ar", "أعلنت الحكومة يوم الثلاثاء عن زيادة الضرائب على الشركات الكبرى."),
    ])
    func identifies(_ lang: String, _ text: String) {
        #expect(LanguageGuesser.guess(Tokenizer.tokenize(text).tokens) == lang)
    }

    @Test func saysNothingOnTooLittleText() {
        #expect(LanguageGuesser.guess(Tokenizer.tokenize("OK 42").tokens) == nil)
    }

    /// A headline is too short to tell a language by its letters: the feed's declared language is taken (trial5
    /// finding 18: "Trump tariffs hit Canada" was Indonesian in an en-gb feed); a text long enough, or in another
    /// script, is told by itself.
    @Test func aHeadlineTakesTheFeedsLanguage() {
        func guess(_ text: String, _ hint: String?) -> String? { LanguageGuesser.guess(Tokenizer.tokenize(text).tokens, hint: hint) }
        #expect(guess("Trump tariffs hit Canada", "en") == "en")
        #expect(guess("Ukraine peace talks stall. Talks stalled on Tuesday.", "en") == "en")
        #expect(guess("Die Bundesregierung will die Steuern für kleine Unternehmen im kommenden Jahr senken, sagte der Minister am Dienstag in Berlin.", "en") == "de")
        #expect(guess("政府周二宣布对大公司增税。", "en") == "zh")
        // A sentence of names: its few lower-case words cannot tell (trial6, trial5 finding 18).
        #expect(guess("Xi Jinping, Li Qiang and Wang Yi met Kim Jong Un in Pyongyang on Tuesday.", "en") == "en")
        #expect(guess("Trump tariffs hit Canada", nil) == LanguageGuesser.guess(Tokenizer.tokenize("Trump tariffs hit Canada").tokens))
    }

    /// Without a feed's language, a headline is weighed by how much is written in each language as well as by its
    /// letters: short English headlines were Indonesian, Estonian, Norwegian (trial5 finding 18); brands written
    /// with an inner capital are no language's letters, and one word's letters are no evidence.
    @Test(arguments: [
        ("Trump tariffs hit Canada", "en"), ("Ukraine peace talks stall", "en"), ("Man bites dog", "en"),
        ("Bundestag beschließt Haushalt", "de"), ("Le gouvernement démissionne", "fr"), ("El Gobierno aprueba los presupuestos", "es"),
        ("Il governo approva la manovra finanziaria", "it"), ("De regering valt", "nl"),
    ])
    func aHeadlineWithoutTheFeedsLanguage(text: String, lang: String) {
        #expect(LanguageGuesser.guess(Tokenizer.tokenize(text).tokens, hint: nil) == lang)
    }

    /// Another script's languages by their letters (trial5 finding 27: Ukrainian and Bulgarian were Russian, Persian and
    /// Urdu Arabic, Greek, Hebrew and Hindi had no language).
    @Test(arguments: [
        ("Президент України Володимир Зеленський заявив, що Київ не погодиться на поступки.", "uk"),
        ("Правителството на България одобри бюджета за следващата година в сряда.", "bg"),
        ("Президент России Владимир Путин заявил, что Москва ответит на новые санкции.", "ru"),
        ("Влада Србије усвојила је нови буџет за следећу годину у среду.", "sr"),
        ("وزارت امور خارجه ایران اعلام کرد که مذاکرات ادامه خواهد یافت.", "fa"),
        ("پاکستان کی حکومت نے نئے بجٹ کا اعلان کیا ہے۔", "ur"),
        ("أعلنت الحكومة يوم الثلاثاء عن زيادة الضرائب على الشركات الكبرى.", "ar"),
        ("Η κυβέρνηση της Ελλάδας ανακοίνωσε νέα μέτρα για την οικονομία.", "el"),
        ("ממשלת ישראל אישרה את התקציב החדש ביום שלישי.", "he"),
        ("भारत सरकार ने मंगलवार को नए बजट की घोषणा की।", "hi"),
    ])
    func anotherScriptsLanguage(text: String, lang: String) {
        #expect(LanguageGuesser.guess(Tokenizer.tokenize(text).tokens) == lang)
    }

    /// A name quoted from another language of the script does not decide, and a feed's declared language of the same
    /// script stands (review of s27, 11).
    @Test func aQuotedNameDoesNotDecideTheLanguage() {
        func guess(_ text: String, _ hint: String? = nil) -> String? { LanguageGuesser.guess(Tokenizer.tokenize(text).tokens, hint: hint) }
        #expect(guess("Российские войска обстреляли Київ ночью, заявили в министерстве обороны в понедельник утром.") == "ru")
        #expect(guess("Путин объявил о начале переговоров с Вашингтоном") == "ru")
        #expect(guess("أعلنت الحكومة يوم الثلاثاء أن الوفد سيزور مدينة گرگان الأسبوع المقبل لبحث التعاون.") == "ar")
        #expect(guess("Президент України Володимир Зеленський заявив, що Київ не погодиться на поступки.", "ru") == "ru")
        #expect(guess("Президент України Володимир Зеленський заявив, що Київ не погодиться на поступки.", "en") == "uk")
    }

    @Test func oneWordIsNoEvidence() {
        #expect(LanguageGuesser.guess(Tokenizer.tokenize("OpenAI sues DeepSeek").tokens) == nil)
    }
}
