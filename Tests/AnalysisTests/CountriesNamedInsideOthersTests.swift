import Analysis
import Testing

/// Countries whose names hold each other's ("DR Congo" holds "Congo", "South Sudan" holds "Sudan"):
/// each of a country's names, as news writes them, is that country and not the one named inside it.
/// A row: a sentence, what it must report (canonical name/TYPE) and what it must not.
@Suite struct CountriesNamedInsideOthersTests {
    static let drc = "Democratic Republic of the Congo/LOC"
    static let republic = "Republic of the Congo/LOC"

    @Test(arguments: [
        // The Democratic Republic's short forms held "Congo", which is the Republic's ISO short name.
        ("Fighting in eastern DR Congo displaced thousands.", [drc], [republic]),
        ("DR Congo's president spoke on Monday.", [drc], [republic]),
        ("The Democratic Republic of the Congo held elections.", [drc], [republic]),
        ("The Democratic Republic of Congo held elections.", [drc], [republic, "Democratic Republic/PERSON"]),
        ("Rebels in the DRC seized the town of Goma.", [drc], [republic, "DRC/ORG"]),
        // An acronym the article spells out as another name is that name's, not the country's.
        ("The Danish Refugee Council (DRC) said aid was stuck. DRC staff left the camp.", ["Danish Refugee Council/ORG"], [drc, "DRC/ORG"]),
        ("The Democratic Republic of the Congo (DRC) held elections. DRC troops moved east.", [drc], ["DRC/ORG"]),
        // Not when the acronym's entity has no spelled-out name of its own: the words are its name (or a person's).
        ("Cable News Network (CNN) said talks failed. CNN reported on Monday.", ["CNN/ORG"], []),
        ("United Parcel Service (UPS) cut jobs. UPS shares fell.", ["UPS/ORG"], []),
        ("China National Offshore Oil Corporation (CNOOC) found oil. CNOOC shares rose.", ["CNOOC/ORG"], []),
        ("Ursula Kaiser (UK) won the race.", ["United Kingdom/LOC"], []),
        ("Troops from Congo-Kinshasa crossed the river.", [drc], [republic]),
        // Spellings that tokenise as the gazetteer's ("D.R. Congo" as "DR Congo", "Congo Kinshasa" as "Congo-Kinshasa").
        ("Fighting in eastern D.R. Congo displaced thousands.", [drc], [republic]),
        ("Troops from Congo Kinshasa crossed the river.", [drc], [republic]),
        ("Congo Brazzaville signed the deal.", [republic], [drc]),
        ("The former Zaire is rich in cobalt.", [drc], [republic]),
        // Zaire is a given name too (scripts/gazetteer-data/given-names-international.txt).
        ("Zaire Wade scored 20 points on Sunday.", ["Zaire Wade/PERSON"], [drc]),
        ("Zaire Franklin made the tackle.", ["Zaire Franklin/PERSON"], [drc]),
        // Wire services write a bare "Congo" for the Democratic Republic (see scripts/build-gazetteer.py).
        ("Congo's army said rebels had taken the airport.", [drc], [republic]),
        ("The Republic of the Congo held elections.", [republic], [drc]),
        ("The Republic of Congo held elections.", [republic], [drc]),
        ("Congo-Brazzaville signed the deal.", [republic], [drc]),
        ("Congo-Brazzaville's president spoke on Monday.", [republic], [drc]),
        // Reuters writes "Congo Republic".
        ("Congo Republic President Denis Sassou Nguesso spoke on Monday.", [republic], [drc]),
        ("Oil output in Congo Republic fell.", [republic], [drc]),
        // ISO translates only the Republic's short name, "Congo", which is the Democratic Republic's bare name.
        ("Die Republik Kongo hat gewählt.", [republic], [drc]),
        ("La República del Congo celebró elecciones.", [republic], [drc]),
        ("Si è votato nella Repubblica del Congo.", [republic], [drc]),
        ("A República do Congo realizou eleições.", [republic], [drc]),
        ("De Republiek Congo hield verkiezingen.", [republic], [drc]),
        ("Республика Конго провела выборы.", [republic], [drc]),
        ("刚果共和国举行了选举。", [republic], [drc]),
        ("コンゴ共和国で選挙が行われた。", [republic], [drc]),
        ("أجرت جمهورية الكونغو انتخابات.", [republic], [drc]),
        ("La République démocratique du Congo a voté.", [drc], [republic]),
        ("Officials in Brazzaville met on Monday.", ["Brazzaville/LOC"], [drc]),
        ("Protesters in Niger marched on Monday.", ["Niger/LOC"], ["Nigeria/LOC"]),
        ("Nigerien troops crossed the border.", ["Niger/LOC"], ["Nigeria/LOC"]),
        // Places named after a country's name (Config/gazetteer/regions-curated.tsv).
        ("Militants attacked oil facilities in the Niger Delta.", ["Niger Delta/LOC"], ["Niger/LOC", "Nigeria/LOC"]),
        ("Barges sail up the Congo River.", ["Congo River/LOC"], [drc, republic]),
        ("Logging threatens the Congo Basin.", ["Congo Basin/LOC"], [drc, republic]),
        ("Protesters in Nigeria marched on Monday.", ["Nigeria/LOC"], ["Niger/LOC"]),
        ("Nigeria's army said on Monday.", ["Nigeria/LOC"], ["Niger/LOC"]),
        ("Nigerian troops crossed the border.", ["Nigeria/LOC"], ["Niger/LOC"]),
        ("Voters in Guinea went to the polls.", ["Guinea/LOC"], ["Equatorial Guinea/LOC", "Guinea-Bissau/LOC", "Papua New Guinea/LOC"]),
        ("Guinea's junta said on Monday.", ["Guinea/LOC"], ["Equatorial Guinea/LOC", "Guinea-Bissau/LOC"]),
        ("Voters in Equatorial Guinea went to the polls.", ["Equatorial Guinea/LOC"], ["Guinea/LOC"]),
        ("Equatorial Guinea's president spoke.", ["Equatorial Guinea/LOC"], ["Guinea/LOC"]),
        ("Voters in Guinea-Bissau went to the polls.", ["Guinea-Bissau/LOC"], ["Guinea/LOC"]),
        ("Voters in Guinea Bissau went to the polls.", ["Guinea-Bissau/LOC"], ["Guinea/LOC"]),
        ("Voters in Papua New Guinea went to the polls.", ["Papua New Guinea/LOC"], ["Guinea/LOC"]),
        ("Papua New Guinea's prime minister spoke.", ["Papua New Guinea/LOC"], ["Guinea/LOC"]),
        ("Fighting in Sudan spread.", ["Sudan/LOC"], ["South Sudan/LOC"]),
        ("Sudanese troops crossed the border.", ["Sudan/LOC"], ["South Sudan/LOC"]),
        ("Fighting in South Sudan spread.", ["South Sudan/LOC"], ["Sudan/LOC"]),
        ("South Sudan's army said on Monday.", ["South Sudan/LOC"], ["Sudan/LOC"]),
        ("South Sudanese troops crossed the border.", ["South Sudan/LOC"], ["Sudan/LOC"]),
        ("Storms hit Dominica on Sunday.", ["Dominica/LOC"], ["Dominican Republic/LOC"]),
        ("The Commonwealth of Dominica signed.", ["Dominica/LOC"], ["Dominican Republic/LOC"]),
        ("Storms hit the Dominican Republic on Sunday.", ["Dominican Republic/LOC"], ["Dominica/LOC"]),
        ("North Korea fired a missile.", ["North Korea/LOC"], ["South Korea/LOC"]),
        ("North Korea's army fired a missile.", ["North Korea/LOC"], ["South Korea/LOC"]),
        ("Officials in N. Korea met.", ["North Korea/LOC"], ["South Korea/LOC"]),
        ("The Democratic People's Republic of Korea fired a missile.", ["North Korea/LOC"], ["South Korea/LOC"]),
        ("South Korea fired a missile.", ["South Korea/LOC"], ["North Korea/LOC"]),
        ("Officials in S. Korea met.", ["South Korea/LOC"], ["North Korea/LOC"]),
        ("Officials in the Republic of Korea met.", ["South Korea/LOC"], ["North Korea/LOC"]),
    ])
    func eachNameIsItsOwnCountry(_ text: String, _ present: [String], _ absent: [String]) {
        EntityPrecisionTests.expect(EntityPrecisionTests.found(text), present, absent)
    }
}
