import Analysis
import Foundation
import Testing
import WirewatchCore

/// Places the analysis used to get wrong: a dateline names the city a story was filed from, and a
/// place named like a person ("Houston", "Austin", "Washington") is a place only where the text says
/// so. One row of news-like text each: what must be reported (canonical name/TYPE) and what must not.
@Suite struct PlaceNameTests {
    @Test(arguments: [
        // A capital the gazetteer files as its country's name is, in a dateline, the city.
        ("WASHINGTON (Reuters) - The Treasury on Monday widened sanctions on Iranian oil shippers.",
         ["Washington, D.C./LOC"], ["United States/LOC"]),
        ("WASHINGTON, Jan 31 - The US Commerce Department tightened its export controls.",
         ["Washington, D.C./LOC", "United States/LOC"], []),
        ("BEIJING, Jan 3 (Reuters) - The central bank cut its benchmark lending rate.", ["Beijing/LOC"], ["China/LOC"]),
        ("MOSCOW (Reuters) - Oil exports through Baltic ports rose in December.", ["Moscow/LOC"], ["Russia/LOC"]),
        ("TEHRAN (AP) - The rial fell to a record low.", ["Tehran/LOC"], ["Iran/LOC"]),
        // Elsewhere it stands for the government, as before.
        ("Washington imposed sanctions on five firms, officials said.", ["United States/LOC"], ["Washington, D.C./LOC"]),
        ("Protesters marched in Washington, D.C., on Saturday.", ["Washington, D.C./LOC"], []),
        ("BRUSSELS (Reuters) - EU ministers met. Beijing said it would respond.", ["Brussels/LOC", "China/LOC"], ["Beijing/LOC"]),
        // Kyiv is one of them: "Kyiv said" is Ukraine's government, as "Moscow said" is Russia's (it was the city alone).
        ("KYIV, March 3 (Reuters) - Missiles struck overnight.", ["Kyiv/LOC"], ["Ukraine/LOC"]),
        ("Kyiv accused Moscow of stalling the talks.", ["Ukraine/LOC", "Russia/LOC"], ["Kyiv/LOC"]),
        // An agency in brackets or a known place after the comma makes a dateline too; a city the
        // gazetteer lacks is named in ordinary case.
        ("PALO ALTO, California (Reuters) - The start-up raised $40 million.", ["Palo Alto/LOC"], ["PALO ALTO/LOC"]),
        ("LONDON (Reuters) - Shares fell.", ["London/LOC"], []),
        ("WINSTON-SALEM, N.C. (AP) - The city council met.", ["Winston-Salem/LOC"], ["Winston-salem/LOC"]),
        // A headline that starts with a name, a comma and a dash is not one.
        ("ZORB, Acme Sign Supply Deal - Sources", [], ["Zorb/LOC", "ZORB/LOC"]),
        // A dash right after a known city, or an agency in lower case, makes one too; a word in capitals
        // and a dash alone does not.
        ("WASHINGTON — The Senate voted to extend the program.", ["Washington, D.C./LOC"], ["United States/LOC"]),
        ("WASHINGTON (dpa) - The Senate voted to extend the program.", ["Washington, D.C./LOC"], ["United States/LOC"]),
        ("AUSTIN — Lawmakers passed the budget.", ["Austin/LOC"], []),
        ("BREAKING — Markets fell sharply.", [], ["Breaking/LOC", "BREAKING/LOC"]),
    ])
    func aDatelineNamesTheCityTheStoryWasFiledFrom(_ text: String, _ present: [String], _ absent: [String]) {
        EntityPrecisionTests.expect(EntityPrecisionTests.found(text), present, absent)
    }

    @Test(arguments: [
        // Big cities that the gazetteer has: a given name or a title before makes a person.
        ("Whitney Houston songs played all night.", ["Whitney Houston/PERSON"], ["Houston/LOC"]),
        ("George Washington crossed the Delaware.", ["George Washington/PERSON"], ["United States/LOC"]),
        ("Sydney Sweeney starred in the film, which opened in Sydney.", ["Sydney Sweeney/PERSON", "Sydney/LOC"], []),
        ("HOUSTON, Texas (AP) - Oil prices rose.", ["Houston/LOC", "Texas/LOC"], []),
        // Places the gazetteer left out for being names: found with a place cue (with "in", they were
        // found from context before, as names of their own; these rows keep them).
        ("The Houston-based refiner said output fell, while an Austin-based chipmaker grew.", ["Houston/LOC", "Austin/LOC"], []),
        ("AUSTIN, Texas (AP) - Lawmakers passed the budget.", ["Austin/LOC", "Texas/LOC"], []),
        ("Tesla moved its headquarters to Austin, Texas, in 2021.", ["Austin/LOC"], []),
        ("Flooding hit homes in Jackson on Sunday.", ["Jackson/LOC"], []),
        ("Layoffs hit offices in Dallas and Denver.", ["Dallas/LOC", "Denver/LOC"], []),
        ("The museum in Florence reopened after the floods.", ["Florence/LOC"], []),
        ("Police in Glasgow said two men were arrested.", ["Glasgow/LOC"], []),
        // Without a cue, or as a person's name, they stay people.
        ("Lloyd Austin said the Pentagon would act.", ["Lloyd Austin/PERSON"], ["Austin/LOC"]),
        ("Mr. Austin declined to comment.", ["Austin/PERSON"], ["Austin/LOC"]),
        ("Michael Jackson's estate sold the catalogue.", ["Michael Jackson/PERSON"], ["Jackson/LOC"]),
        ("Florence Pugh starred in the film.", ["Florence Pugh/PERSON"], ["Florence/LOC"]),
        // A person the article named first keeps the name after "in" or "and": "Austin" alone after him joins him.
        ("Lloyd Austin said he was born in Mobile and lives in Austin.", ["Lloyd Austin/PERSON"], ["Austin/LOC"]),
        ("John Bolton published a memoir. Trump said he had no confidence in Bolton.", ["John Bolton/PERSON"], ["Bolton/LOC"]),
        ("Lewis Hamilton finished second. The team said it had full trust in Hamilton.", ["Lewis Hamilton/PERSON"], ["Hamilton/LOC"]),
        ("John Durham filed his report. Barr said he had faith in Durham.", ["John Durham/PERSON"], ["Durham/LOC"]),
        // Other cues still place it after him.
        ("Lloyd Austin spoke. The Austin-based chipmaker grew.", ["Lloyd Austin/PERSON", "Austin/LOC"], []),
        // An appositive after a comma is not a place cue.
        ("Hamilton, Britain's seven-time world champion, finished third.", [], ["Hamilton/LOC"]),
        ("Jackson, Jamaica's sprint star, won the final.", [], ["Jackson/LOC"]),
        // "and" beside a place places a word only where the first is placed too.
        ("Presidents' Day honours Lincoln and Washington.", [], ["Lincoln/LOC"]),
        ("Talks between Tyler and Russia stalled.", [], ["Tyler/LOC"]),
        ("Storms hit parts of Austin and Houston.", ["Austin/LOC", "Houston/LOC"], []),
        // A curated cue holds for the name as written, though it is in no name list; with the cue, it is the place.
        ("The Phoenix Suns beat the Lakers on Sunday.", [], ["Phoenix/LOC"]),
        // North American teams are clubs: a city and a plural read as a person's name before (Charlotte Hornets/PERSON).
        ("The Charlotte Hornets beat the Boston Celtics on Sunday.", ["Charlotte Hornets/ORG", "Boston Celtics/ORG"], ["Charlotte Hornets/PERSON", "Boston/LOC"]),
        ("The Green Bay Packers signed a new quarterback.", ["Green Bay Packers/ORG"], ["Green Bay/LOC"]),
        ("River Phoenix starred in the film.", [], ["Phoenix/LOC"]),
        ("Flooding hit homes in Phoenix on Sunday.", ["Phoenix/LOC"], []),
        // An alias that is nobody's name needs no cue.
        ("Firenze reopened the Uffizi after the floods.", ["Florence/LOC"], []),
        ("València won the league on Sunday.", ["Valencia/LOC"], []),
        ("Santiago de Chile is choking on smog.", ["Santiago/LOC"], []),
        // The longest known name wins: a company named for a state or a country.
        ("Georgia Power said it would raise rates.", ["Georgia Power/ORG"], ["Georgia Power/PERSON"]),
        // A title is written as one: "DR" is the Democratic Republic's.
        ("Fighting in eastern DR Congo displaced thousands.", [], ["Congo/PERSON"]),
    ])
    func aPlaceNamedLikeAPersonNeedsAPlaceCue(_ text: String, _ present: [String], _ absent: [String]) {
        EntityPrecisionTests.expect(EntityPrecisionTests.found(text), present, absent)
    }

    /// `entity:Austin` in a rule names the place (it was an unknown entity). A capital's name names the
    /// city and its country, canonical first: `entity:Beijing` matches both, as `entity:Washington` does the
    /// United States and the city; "Washington DC" names the city alone.
    @Test func rulesCanNameThePlaces() throws {
        let kb = try KnowledgeBase.load(dataDirectory: SeedReportTests.root.appendingPathComponent("Config").path)
        for name in ["Austin", "Jackson", "Dallas", "Glasgow", "Florence", "Firenze"] {
            #expect(kb.entity(named: name)?.type == .loc, "\(name)")
        }
        #expect(kb.entity(named: "Washington")?.name == "United States")
        #expect(kb.entity(named: "Washington DC")?.name == "Washington, D.C.")
        #expect(kb.entity(named: "Beijing")?.name == "Beijing")
        let names = { (name: String) in kb.entities(named: name).map(\.name) }
        #expect(names("Beijing") == ["Beijing", "China"])
        #expect(names("Peking") == ["China", "Beijing"])
        #expect(names("Washington") == ["United States", "Washington, D.C."])
        #expect(names("Washington, D.C.") == ["Washington, D.C."])
        #expect(names("Washington DC") == ["Washington, D.C."])
        #expect(names("Tehran") == ["Tehran", "Iran"])
        #expect(names("Atlantis") == [])
    }

    /// A rule file's aliases for a known entity are names of it at once, ranked by when the entity
    /// came, not the alias: "Cathay" named China first, so it stays first.
    @Test func aliasesAddedLaterNameTheirEntity() {
        var kb = KnowledgeBase(entities: [EntityDefinition(name: "China", type: .loc),
                                          EntityDefinition(name: "Cathay Pacific", type: .org, aliases: ["Cathay"])])
        #expect(kb.entities(named: "Cathay").map(\.name) == ["Cathay Pacific"])
        kb.add(entities: [EntityDefinition(name: "china", type: .loc, aliases: ["Cathay", "PRC"])])
        #expect(kb.entities(named: "PRC").map(\.name) == ["China"])
        #expect(kb.entities(named: "cathay").map(\.name) == ["China", "Cathay Pacific"])
    }

    @Test func aGazetteerRowTakesOnlyACueAsAFourthColumn() throws {
        let rows = try KnowledgeBase.parseGazetteer("Austin\tLOC\t\tcue\n", file: "p.tsv")
        #expect(rows.first?.reading == .withPlaceCue)
        #expect(throws: Diagnostic.self) { try KnowledgeBase.parseGazetteer("Acme\tORG\t\tcue\n", file: "p.tsv") }
        #expect(try KnowledgeBase.parseGazetteer("Beijing\tLOC\tPeking\tdateline\n", file: "p.tsv").first?.reading == .inDateline)
        // A trailing tab is an empty fourth column, as it was before there was one.
        let trailing = try KnowledgeBase.parseGazetteer("Acme\tORG\tAcme Inc\t\n", file: "p.tsv")
        #expect(trailing.first?.reading == .anywhere && trailing.first?.aliases == ["Acme Inc"])
        // So is one after the cue, and after an empty fourth one.
        #expect(try KnowledgeBase.parseGazetteer("Austin\tLOC\t\tcue\t\n", file: "p.tsv").first?.reading == .withPlaceCue)
        #expect(try KnowledgeBase.parseGazetteer("Acme\tORG\tAcme Inc\t\t \t\n", file: "p.tsv").first?.aliases == ["Acme Inc"])
        // An unknown value, and a fifth column, are refused where they start in the line as written.
        let unknown = #expect(throws: Diagnostic.self) { try KnowledgeBase.parseGazetteer("Austin \tLOC\t\tmaybe\n", file: "p.tsv") }
        #expect(unknown?.description == "p.tsv:1:14: unexpected fourth column 'maybe'; only a place takes one: 'cue' (named like a person, a place only with a place cue) or 'dateline' (a capital named for its country, this city only in a dateline)")
        let fifth = #expect(throws: Diagnostic.self) { try KnowledgeBase.parseGazetteer("Austin\tLOC\t\tcue\tx\n", file: "p.tsv") }
        #expect(fifth?.column == 17)
    }
}
