import WirewatchCore

/// A recognised entity and every place it is mentioned.
public struct EntityHit: Sendable, Hashable {
    public struct Mention: Sendable, Hashable {
        public var start: Int
        public var end: Int
        public var text: String
    }
    public var canonical: String
    public var type: EntityType
    public var mentions: [Mention]
}

/// Finds the people, organisations, places and other names of an article:
/// gazetteer names first (longest match), then names the gazetteer lacks from
/// their context (`NameClassifier`), then short forms resolved within the
/// document (`Coreference`): "Mr Sacks" and "Sacks" are David Sacks.
public struct EntityRecognizer: Sendable {
    let entities: [EntityDefinition]
    let gazetteer: GazetteerIndex
    let givenNames: Set<String>
    let surnames: Set<String>
    let nameParts: [Coreference.NameParts]
    /// Capitals named for their country, by their one-word names ("washington" → Washington, D.C.).
    let datelineCities: [String: Int]
    let countryBodies: CountryBodies
    let acronymSenses: AcronymSenses
    /// Entity indices of countries, and of capitals read as their country ("Moscow" → Russia), by entity.
    let countries: Set<Int>
    /// A one-word company name's place, by the folded word: the first place of the gazetteer whose name starts
    /// with the word ("amazon" → Amazon rainforest). The place is reported by its own name, which an
    /// `entity:Amazon` rule (the company) does not match (trial6 finding 16).
    let placesNamedLikeCompanies: [String: Int]

    public init(_ kb: KnowledgeBase) {
        entities = kb.entities
        nameParts = kb.entities.map { Coreference.NameParts($0.name.unicodeScalars) }
        gazetteer = GazetteerIndex(kb.entities)
        countryBodies = CountryBodies(entities: kb.entities, gazetteer: gazetteer)
        acronymSenses = AcronymSenses(entities: kb.entities)
        countries = Set(kb.entities.indices.filter { kb.countries.contains(kb.entities[$0].name) && kb.entities[$0].type == .loc })
        var cities: [String: Int] = [:]
        for (i, e) in kb.entities.enumerated() where e.reading == .inDateline {
            for name in [e.name] + e.aliases {
                let words = Tokenizer.words(name)
                if words.count == 1, cities[words[0].folded] == nil { cities[words[0].folded] = i }
            }
        }
        datelineCities = cities
        var companyWords = Set<String>()
        for e in kb.entities where e.type == .org || e.type == .misc {
            for name in [e.name] + e.aliases where !name.contains(" ") { companyWords.insert(TextFolding.fold(name)) }
        }
        var companyPlaces: [String: Int] = [:]
        for (i, e) in kb.entities.enumerated() where e.type == .loc {
            let words = Tokenizer.words(e.name)
            if words.count >= 2, companyWords.contains(words[0].folded), companyPlaces[words[0].folded] == nil {
                companyPlaces[words[0].folded] = i
            }
        }
        placesNamedLikeCompanies = companyPlaces
        givenNames = kb.givenNames
        // A known person's surname is a surname: "Melania Trump", "Lara Trump" are people too. Not a
        // one-word name, nor a last word in capitals ("Pope Leo XIV") or under three letters.
        surnames = kb.surnames.union(zip(kb.entities, nameParts).lazy
            .filter { e, parts in e.type == .person && e.name.contains(" ") && parts.lastWord.count >= 3 && !e.name.hasSuffix(parts.lastWord.uppercased()) }
            .map { $0.1.lastWord })
    }

    /// Recognition on tokens alone (their text is rebuilt with single spaces between them).
    public func recognize(_ tokens: [Token]) -> [EntityHit] {
        var scalars = [Unicode.Scalar](repeating: " ", count: tokens.last?.end ?? 0)
        for t in tokens { for (k, c) in t.text.unicodeScalars.enumerated() where t.start + k < t.end { scalars[t.start + k] = c } }
        let sentenceCount = (tokens.last?.sentence ?? -1) + 1
        var sentences: [Sentence] = []
        var i = 0
        for s in 0..<sentenceCount {
            let j = tokens[i...].firstIndex { $0.sentence != s } ?? tokens.count
            if j > i { sentences.append(Sentence(start: tokens[i].start, end: tokens[j - 1].end, tokens: i..<j)) }
            i = j
        }
        return recognize(tokens: tokens, sentences: sentences, scalars: scalars, language: nil)
    }

    /// `scalars` are the text the tokens were cut from; `language` limits the
    /// guesses from context to what holds in that language (German capitalises
    /// every noun, so there only strong cues count).
    /// `titleEnd`: where the title ends in `scalars` (0: no title), whose Title Case is read as such.
    public func recognize(tokens: [Token], sentences: [Sentence], scalars: [Unicode.Scalar], language: String?,
                          titleEnd: Int = 0) -> [EntityHit] {
        scalars.withUnsafeBufferPointer { buf in
            var found = MentionTable()
            // 1. The gazetteer.
            var coveredType = [Int8](repeating: -1, count: tokens.count)
            var gazetteerStarts = [Bool](repeating: false, count: tokens.count)
            let words = ArticleWords(tokens)
            let places = PlaceOrPerson(tokens: tokens, scalars: buf, gazetteer: gazetteer, entities: entities,
                                       givenNames: givenNames, surnames: surnames, words: words)
            let spelledByName = PlainAbbreviations.spelledByName(tokens: tokens, scalars: buf)
            let shouted = ShoutedText(tokens: tokens, scalars: buf)
            let credits = CreditLines(tokens: tokens, scalars: buf)
            var companyOrWord = CompanyOrWord(words: words, scalars: buf, shouted: shouted)
            var i = 0
            while i < tokens.count {
                if credits.contains(i) { i += 1; continue }
                let match = gazetteer.longestMatch(tokens, at: i)
                // "Chelsea Clinton", "Jordan Henderson", "China Miéville": a place or club's name as a given name.
                if let p = match, places.isGivenNameBeforeSurname(p, at: i, coveredType: coveredType) {
                    let name = TextFolding.fold(MentionTable.text(buf, tokens[i].start, tokens[i + 1].end))
                    found.add(key: .local(name), type: .person, start: tokens[i].start, end: tokens[i + 1].end, words: 2, strength: .context)
                    coveredType[i] = Self.personType
                    coveredType[i + 1] = Self.personType
                    i += 2
                    continue
                }
                // Shouted, "APPLE GROWERS" is read as "Apple growers" (exploratory finding of stop 32).
                if let p = match, p.words.count == 1, entities[p.entity].type == .org || entities[p.entity].type == .misc,
                   tokens[i].isCapitalized, !tokens[i].shape.contains(.allCaps) || shouted.contains(i) {
                    // "Harrison Ford": a listed given name before a company's one-word name makes a person.
                    if entities[p.entity].type == .org, !tokens[i].shape.contains(.allCaps), i > 0, coveredType[i - 1] < 0,
                       tokens[i - 1].sentence == tokens[i].sentence,
                       NameSpans.spaced(tokens[i - 1], tokens[i], buf), Self.isPlainGivenName(i - 1, words, givenNames) {
                        let name = TextFolding.fold(MentionTable.text(buf, tokens[i - 1].start, tokens[i].end))
                        found.add(key: .local(name), type: .person, start: tokens[i - 1].start, end: tokens[i].end, words: 2, strength: .context)
                        coveredType[i - 1] = Self.personType
                        coveredType[i] = Self.personType
                        i += 1
                        continue
                    }
                    // "along the Amazon" is a place, "the Apple harvest" fruit. The place is the gazetteer's, by its own
                    // name; a company with no such place is not reported there (as the everyday word is not).
                    if let reading = companyOrWord.reading(at: i) {
                        if reading == .place, let place = placesNamedLikeCompanies[tokens[i].folded] {
                            found.add(key: .known(place), type: .loc, start: tokens[i].start, end: tokens[i].end, words: 1, strength: .context)
                            coveredType[i] = Self.placeType
                        }
                        i += 1
                        continue
                    }
                }
                // "Moscow, Idaho", "Lebanon, Pennsylvania": an American town named for a country or its capital.
                if let p = match, p.words.count == 1, countries.contains(p.entity), tokens[i].isCapitalized,
                   let state = Self.usState(afterCommaAt: i, tokens, buf), !places.isDateline(i) {
                    let name = TextFolding.fold(MentionTable.text(buf, tokens[i].start, tokens[state].end))
                    found.add(key: .local(name), type: .loc, start: tokens[i].start, end: tokens[state].end, words: state + 1 - i, strength: .context)
                    coveredType[i] = Self.placeType
                    i += 1
                    continue
                }
                // "lived near Moscow in Idaho": a capital read as its country, placed, then "in" and a US state is the town.
                if let p = match, p.words.count == 1, countries.contains(p.entity), datelineCities[tokens[i].folded] != nil,
                   tokens[i].isCapitalized, NameClassifier.isAfterPlacePreposition(i, tokens), Self.usState(afterInAt: i, tokens, buf) {
                    found.add(key: .local(tokens[i].folded + ", " + tokens[i + 2].folded), type: .loc, start: tokens[i].start,
                              end: tokens[i].end, words: 1, strength: .context)
                    coveredType[i] = Self.placeType
                    i += 1
                    continue
                }
                if let p = match, !isAnotherNamesAcronym(p, at: i, words, spelledByName),
                   p.words.count > 1 || !shouted.isEverydayWord(i, tokens),
                   !isOtherPersonsSurname(p, at: i, words, coveredType),
                   !places.isPersonsName(p, at: i, coveredType: coveredType),
                   !places.needsPlaceCue(p, at: i) || places.hasPlaceCue(i, last: i + p.words.count - 1, coveredType: coveredType) {
                    var last = i + p.words.count - 1
                    var entity = p.entity
                    // "WASHINGTON (Reuters) -": a dateline names the city the story was filed from, not the
                    // government its name stands for elsewhere ("Washington imposed sanctions").
                    if p.words.count == 1, let city = datelineCities[tokens[i].folded], places.isDateline(i) { entity = city }
                    // "the SEC championship game": another field's body by the same acronym.
                    if p.words.count == 1, let other = acronymSenses.other(for: entity, at: i, tokens) { entity = other }
                    let type = entities[entity].type
                    // "Huawei Technologies Co Ltd": a company's formal name is the company (`CompanyForms`).
                    if type == .org { last = CompanyForms.end(after: last, tokens, buf) }
                    // "Ms Leavitt": a title before a known person belongs to the mention.
                    let titled = type == .person && i > 0 && tokens[i - 1].isCapitalized
                        && NameCues.honorifics.contains(tokens[i - 1].folded) && tokens[i - 1].sentence == tokens[i].sentence
                    found.add(key: .known(entity), type: type, start: tokens[titled ? i - 1 : i].start, end: tokens[last].end,
                              nameStart: tokens[i].start, words: last + 1 - i, strength: .gazetteer)
                    for k in i...last { coveredType[k] = Int8(EntityType.allCases.firstIndex(of: type)!) }
                    gazetteerStarts[i] = true
                    // "US navy": a place's armed force is an organisation (the place stays mentioned).
                    if type == .loc, last + 1 < tokens.count, NameCues.forces.contains(tokens[last + 1].text),
                       tokens[last + 1].sentence == tokens[i].sentence, NameSpans(tokens: tokens, scalars: buf).spaced(last, last + 1) {
                        let name = TextFolding.fold(MentionTable.text(buf, tokens[i].start, tokens[last + 1].end))
                        found.add(key: .local(name), type: .org, start: tokens[i].start, end: tokens[last + 1].end,
                                  words: last + 2 - i, strength: .context)
                    }
                    i = last + 1
                } else {
                    i += 1
                }
            }
            // 2. Names from context, where a Title Case title's capitals say nothing of its everyday words
            // (only the title: "analysts Will Dunham and Rose Green" in a body keep their names). Shouted
            // words and credit lines name nothing (`ShoutedText`, `CreditLines`).
            let english = language == nil || language == "en"
            let plainTokens = credits.lowered(shouted.lowered(tokens, coveredType: coveredType))
            let tokens = english && titleEnd > 0
                ? TitleCase.lowered(plainTokens, sentences: sentences.filter { $0.start < titleEnd }, coveredType: coveredType) : plainTokens
            let classifier = NameClassifier(tokens: tokens, sentences: sentences, scalars: buf, coveredType: coveredType,
                                            gazetteerStarts: gazetteerStarts, givenNames: givenNames, surnames: surnames,
                                            english: english,
                                            guessesFreely: language != "de",
                                            plainAbbreviations: PlainAbbreviations.find(tokens: tokens, scalars: buf))
            var singles: [NameClassifier.Candidate] = []
            for s in sentences {
                for span in NameSpans(tokens: tokens, scalars: buf, givenNames: givenNames, surnames: surnames).spans(in: s.tokens) {
                    for c in classifier.candidates(in: span) {
                        if c.overridesGazetteer { found.remove(within: tokens[c.first].start..<tokens[c.last].end) }
                        if c.type == nil || c.isSingleWord {
                            singles.append(c)
                        } else {
                            found.add(candidate: c, tokens: tokens, scalars: buf)
                        }
                    }
                }
            }
            // 3. Short forms within the document.
            Coreference.joinNamesOfOneOrganisation(in: &found, scalars: buf)
            Coreference(found: found, known: nameParts, scalars: buf).resolve(singles, into: &found, tokens: tokens, scalars: buf)
            Coreference.resolveNamesakes(in: &found, known: nameParts, entities: entities, tokens: tokens, scalars: buf)
            countryBodies.resolve(in: &found, entities: entities, tokens: tokens, scalars: buf)
            return found.hits(entities: entities, scalars: buf)
        }
    }

    /// The last token of a US state's name after a comma after token i ("Moscow, Idaho", "Lebanon, New Hampshire").
    /// The state must close the phrase ("Moscow, Idaho." / "Moscow, Idaho, police said"), not start or go on with a
    /// list ("Russia, Georgia and Armenia", "China, Indiana and Ohio") nor qualify what follows ("Iran, Virginia-based
    /// firms", "Moscow, Texas officials"); and Georgia, a country too, is not taken for the state (trial6 finding 20).
    static func usState(afterCommaAt i: Int, _ tokens: [Token], _ scalars: UnsafeBufferPointer<Unicode.Scalar>) -> Int? {
        guard i + 1 < tokens.count, scalars[tokens[i].end] == ",", tokens[i + 1].sentence == tokens[i].sentence,
              tokens[i + 1].isCapitalized else { return nil }
        var last: Int
        if i + 2 < tokens.count, tokens[i + 2].isCapitalized, NameSpans.spaced(tokens[i + 1], tokens[i + 2], scalars),
           NameCues.usStates.contains(tokens[i + 1].folded + " " + tokens[i + 2].folded) {
            last = i + 2
        } else if NameCues.usStates.contains(tokens[i + 1].folded), tokens[i + 1].folded != "georgia" {
            last = i + 1
        } else {
            return nil
        }
        let end = tokens[last].end
        guard end < scalars.count else { return last }
        switch scalars[end] {
        case ".", ";", ":", ")", "\n", "?", "!": return last
        case ",":
            // "Moscow, Idaho, police said", not "Russia, Georgia, Armenia and Azerbaijan".
            return last + 1 < tokens.count && tokens[last + 1].isCapitalized ? nil : last
        case " ":
            // "Lebanon, Pennsylvania (AP)" or "Moscow, Idaho (Reuters)"; not "and Ohio", nor "Texas officials".
            return end + 1 < scalars.count && scalars[end + 1] == "(" ? last : nil
        default: return nil
        }
    }

    /// "in" and a one-word US state's name after token i, in its sentence: not Washington, where a capital's
    /// envoys are ("officials in Beijing in Washington's view"), nor Georgia, a country too.
    static func usState(afterInAt i: Int, _ tokens: [Token], _ scalars: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        guard i + 2 < tokens.count, tokens[i + 1].folded == "in", tokens[i + 2].sentence == tokens[i].sentence,
              tokens[i + 2].isCapitalized, NameSpans.spaced(tokens[i], tokens[i + 1], scalars), NameSpans.spaced(tokens[i + 1], tokens[i + 2], scalars)
        else { return false }
        let state = tokens[i + 2].folded
        return NameCues.usStates.contains(state) && !["georgia", "washington"].contains(state)
    }

    static let personType = Int8(EntityType.allCases.firstIndex(of: .person)!)
    static let placeType = Int8(EntityType.allCases.firstIndex(of: .loc)!)

    /// "The Danish Refugee Council (DRC)": a known acronym that the article spells out as another name is that
    /// name's throughout the article (`Coreference` joins them), not the country's. Spelled out as the same
    /// entity ("Democratic Republic of the Congo (DRC)"), it stays the gazetteer's. An entity known by its
    /// acronym alone ("Cable News Network (CNN)", "United Parcel Service (UPS)") is spelled out by its own
    /// name, which the gazetteer does not hold; and a person's name is not spelled out by one ("Ursula
    /// Kaiser (UK)": the brackets say where she is from).
    private func isAnotherNamesAcronym(_ p: GazetteerIndex.Pattern, at i: Int, _ words: ArticleWords, _ spelledByName: [String: Int]) -> Bool {
        let tokens = words.tokens
        // Most articles spell out no acronym: no word is hashed to look it up.
        guard !spelledByName.isEmpty, p.words.count == 1, let first = spelledByName[tokens[i].text] else { return false }
        let e = entities[p.entity]
        guard e.name.contains(" ") || e.aliases.contains(where: { $0.contains(" ") }),
              !Self.isPlainGivenName(first, words, givenNames) else { return false }
        return gazetteer.longestMatch(tokens, at: first)?.entity != p.entity
    }

    /// "Hunter Biden", "Glen Powell", "Melania Trump": a known person's one-word short form after a given
    /// name is someone else's surname. Only a plain given name of the list counts, not any capitalised word
    /// ("Biden Signs Bill", "Xi Meets Trump", "Democrat Biden").
    private func isOtherPersonsSurname(_ p: GazetteerIndex.Pattern, at i: Int, _ words: ArticleWords, _ coveredType: [Int8]) -> Bool {
        let tokens = words.tokens
        guard p.words.count == 1, i > 0, entities[p.entity].type == .person, coveredType[i - 1] < 0 else { return false }
        return tokens[i - 1].sentence == tokens[i].sentence && TextFolding.fold(entities[p.entity].name) != tokens[i].folded
            && Self.isPlainGivenName(i - 1, words, givenNames)
    }

    /// Token k is a capitalised given name of the list that is not also a month, an everyday word or a
    /// word the article writes in lower case ("In June Trump", "Will Biden Run", "Investors Hope Powell").
    static func isPlainGivenName(_ k: Int, _ words: ArticleWords, _ givenNames: Set<String>) -> Bool {
        let t = words.tokens[k]
        return t.isCapitalized && givenNames.contains(t.folded) && !NameCues.calendar.contains(t.folded)
            && !CommonWords.contains(t.folded) && !words.writtenLowerCase(t.hash)
    }
}
