import Analysis
import Testing

/// A place's or a club's name before a surname is a person's given name, and the bare surname after is
/// that person, not an organisation (trial6 finding 13, trial5 finding 5). Shipped data.
@Suite struct GivenNamesThatArePlacesTests {
    @Test(arguments: [
        ("Chelsea Clinton spoke at the convention. Clinton said her mother would win.", ["Chelsea Clinton/PERSON"], ["Chelsea/ORG", "Clinton/ORG"]),
        ("Jordan Henderson signed for Ajax. Henderson said he was delighted.", ["Jordan Henderson/PERSON"], ["Jordan/LOC", "Henderson/ORG"]),
        ("China Miéville won the Arthur C. Clarke Award for the third time. Miéville said he was surprised.",
         ["China Miéville/PERSON"], ["China/LOC", "Miéville/ORG"]),
        ("France Gall, the singer, died in 2018. Gall won the Eurovision Song Contest in 1965.", ["France Gall/PERSON"], ["France/LOC"]),
        ("Brooklyn Beckham married Nicola Peltz. Beckham said it was the best day of his life.",
         ["Brooklyn Beckham/PERSON"], ["Brooklyn/LOC", "Beckham/ORG"]),
        ("Israel Adesanya lost his title fight.", ["Israel Adesanya/PERSON"], ["Israel/LOC"]),
        ("India Arie released a new album.", ["India Arie/PERSON"], ["India/LOC"]),
        ("Virginia Woolf wrote Orlando in 1928.", ["Virginia Woolf/PERSON"], ["Virginia/LOC"]),
    ] as [(String, [String], [String])])
    func aPlaceBeforeASurnameIsAGivenName(_ text: String, _ present: [String], _ absent: [String]) {
        EntityPrecisionTests.expect(EntityPrecisionTests.found(text), present, absent)
    }

    @Test(arguments: [
        // A place's or an organisation's own word after it, a company, a headline's run of capitals.
        ("Georgia Tech beat Virginia Tech on Saturday.", [], ["Georgia Tech/PERSON", "Virginia Tech/PERSON"]),
        ("Tourists crossed the Jordan Valley and visited Virginia Beach.", [], ["Jordan Valley/PERSON", "Virginia Beach/PERSON"]),
        ("China Vanke said its sales fell. Vanke cut prices.", ["China/LOC"], ["China Vanke/PERSON"]),
        ("Sanctions on Iran hit Israel Monday, and Chelsea beat Arsenal.", ["Israel/LOC", "Chelsea/ORG"], ["Israel Monday/PERSON"]),
        ("China Warns Apple Over Deal", ["China/LOC"], ["China Warns/PERSON"]),
    ] as [(String, [String], [String])])
    func aPlaceBeforeAnotherNameStaysAPlace(_ text: String, _ present: [String], _ absent: [String]) {
        EntityPrecisionTests.expect(EntityPrecisionTests.found(text), present, absent)
    }
}
