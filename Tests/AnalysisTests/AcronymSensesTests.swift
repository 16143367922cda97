import Analysis
import Testing

/// A known acronym that another field's body shares names that body in its field's sentences (trial5
/// finding 47). Shipped data.
@Suite struct AcronymSensesTests {
    @Test(arguments: [
        ("Alabama beat Georgia in the SEC championship game on Saturday.", ["Southeastern Conference/ORG"], ["Securities and Exchange Commission/ORG"]),
        ("The ECB named a new England cricket captain for the Ashes tour.", ["England and Wales Cricket Board/ORG"], ["European Central Bank/ORG"]),
        ("Students sat AP exams in May.", ["Advanced Placement/MISC"], ["Associated Press/ORG"]),
        // Their own fields keep the better-known bodies.
        ("The SEC fined the bank over its proxy season filings.", ["Securities and Exchange Commission/ORG"], ["Southeastern Conference/ORG"]),
        ("The ECB said banks passed its stress test.", ["European Central Bank/ORG"], ["England and Wales Cricket Board/ORG"]),
        ("The AP reported the result of the test vote.", ["Associated Press/ORG"], ["Advanced Placement/MISC"]),
    ] as [(String, [String], [String])])
    func theSentenceSaysWhichBody(_ text: String, _ present: [String], _ absent: [String]) {
        EntityPrecisionTests.expect(EntityPrecisionTests.found(text), present, absent)
    }
}
