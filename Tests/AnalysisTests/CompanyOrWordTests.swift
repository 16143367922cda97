import Analysis
import Testing

/// One-word company names that are places, fruit, people's surnames or everyday words (trial5 findings 1, 30, 35).
@Suite struct CompanyOrWordTests {
    @Test(arguments: [
        ("Deforestation along the Amazon has accelerated. The Amazon basin lost more trees.", ["Amazon/LOC"], ["Amazon/ORG"]),
        ("Fires in the Amazon rainforest reached a record in August, Brazil's space agency said.", ["Amazon/LOC", "Brazil/LOC"], ["Amazon/ORG"]),
        ("Farmers in Kent said the Apple harvest was poor. Apple prices rose at markets as growers blamed the frost.", ["Kent/LOC"], ["Apple/ORG"]),
        ("In Hollywood, Harrison Ford said he would retire. Ford thanked his fans.", ["Harrison Ford/PERSON"], ["Ford/ORG"]),
        ("A legal guardian must sign. Guardian angels were seen.", [], ["The Guardian/ORG"]),
        // A company cue keeps the company, in the same article as the river.
        ("Amazon said its shares rose. Apple's revenue grew.", ["Amazon/ORG", "Apple/ORG"], []),
        ("Amazon said it would fund projects in the Amazon rainforest.", ["Amazon/ORG", "Amazon/LOC"], []),
        ("Ford cut prices on Monday. Tesla shares fell.", ["Ford/ORG", "Tesla/ORG"], []),
    ] as [(String, [String], [String])])
    func readsTheWordAsTheTextMeansIt(_ text: String, _ present: [String], _ absent: [String]) {
        EntityPrecisionTests.expect(EntityPrecisionTests.found(text), present, absent)
    }
}
