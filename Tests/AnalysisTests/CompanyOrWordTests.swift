import Analysis
import Testing

/// One-word company names that are places, fruit, people's surnames or everyday words (trial5 findings 1, 30, 35).
@Suite struct CompanyOrWordTests {
    @Test(arguments: [
        // A place named like a company is reported by its own name (trial6 finding 16).
        ("Deforestation along the Amazon has accelerated. The Amazon basin lost more trees.", ["Amazon rainforest/LOC"], ["Amazon/ORG", "Amazon/LOC"]),
        ("Fires in the Amazon rainforest reached a record in August, Brazil's space agency said.", ["Amazon rainforest/LOC", "Brazil/LOC"], ["Amazon/ORG", "Amazon/LOC"]),
        ("Fires sweep the Amazon. Deforestation along the Amazon has accelerated.", ["Amazon rainforest/LOC"], ["Amazon/ORG", "Amazon/LOC"]),
        ("Tourists cruised up the Amazon River to Manaus.", ["Amazon River/LOC"], ["Amazon/ORG", "Amazon/LOC"]),
        ("Farmers in Kent said the Apple harvest was poor. Apple prices rose at markets as growers blamed the frost.", ["Kent/LOC"], ["Apple/ORG"]),
        ("In Hollywood, Harrison Ford said he would retire. Ford thanked his fans.", ["Harrison Ford/PERSON"], ["Ford/ORG"]),
        ("A legal guardian must sign. Guardian angels were seen.", [], ["The Guardian/ORG"]),
        // A company cue keeps the company, in the same article as the river.
        ("Amazon said its shares rose. Apple's revenue grew.", ["Amazon/ORG", "Apple/ORG"], []),
        ("Amazon said it would fund projects in the Amazon rainforest.", ["Amazon/ORG", "Amazon rainforest/LOC"], ["Amazon/LOC"]),
        // A company's things after "across/into/throughout the", and a cloud's region, are the company's.
        ("Sellers across the Amazon marketplace complained about higher fees this year.", ["Amazon/ORG"], ["Amazon/LOC", "Amazon rainforest/LOC"]),
        ("Shoppers poured into the Amazon store in Seattle.", ["Amazon/ORG", "Seattle/LOC"], ["Amazon rainforest/LOC"]),
        ("Developers are locked into the Apple ecosystem, regulators said.", ["Apple/ORG"], ["Apple/LOC"]),
        ("Privacy features throughout the Apple ecosystem were updated.", ["Apple/ORG"], ["Apple/LOC"]),
        ("An outage hit the Amazon region in northern Virginia, the cloud unit said.", ["Amazon/ORG"], ["Amazon rainforest/LOC"]),
        // A mention read as the company stays so beside one read as the fruit; Washington state is the state.
        ("Apple growers in Washington state sued Apple over its logo on Tuesday, saying it confused buyers.",
         ["Apple/ORG", "Washington State/LOC"], ["United States/LOC"]),
        ("Ford cut prices on Monday. Tesla shares fell.", ["Ford/ORG", "Tesla/ORG"], []),
        // Shouted, the same words read the same (exploratory finding of stop 32); a cue still makes the company.
        ("APPLE GROWERS FEAR LATE FROST\n\nFarmers in Kent said the frost came late.", ["Kent/LOC"], ["Apple/ORG"]),
        ("FIRES SWEEP ALONG THE AMAZON\n\nFires spread on Monday.", ["Amazon rainforest/LOC"], ["Amazon/ORG"]),
        ("APPLE SHARES FALL AFTER EARNINGS\n\nInvestors sold on Monday.", ["Apple/ORG"], []),
        // A company as a figure of speech names none; the article's other mentions keep their reading.
        ("Fruitly wants to be the Amazon of fruit, its founder said.", [], ["Amazon/ORG"]),
        ("Fruitly wants to be the Amazon of fruit. Amazon said it was flattered.", ["Amazon/ORG"], []),
    ] as [(String, [String], [String])])
    func readsTheWordAsTheTextMeansIt(_ text: String, _ present: [String], _ absent: [String]) {
        EntityPrecisionTests.expect(EntityPrecisionTests.found(text), present, absent)
    }
}
