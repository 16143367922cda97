import Analysis
import Foundation
import Testing

/// A topic's word in another sense is not the topic's evidence (trial5 findings 13, 38, 45): a term's
/// `unless` phrases cancel it ("Cyber Monday"), and a common word inside a recognised name is the name's.
@Suite struct TopicSenseTests {
    static let analyzer = SeedReportTests.analyzer

    func topic(_ id: String, title: String = "", _ text: String) -> TopicHit? {
        Self.analyzer.analyze(title: title, html: "<p>\(text)</p>").topics.first { $0.id == id }
    }

    @Test func wordsInsideNamesAreTheNames() {
        #expect(topic("labour", "A new biography of Steve Jobs says Jobs was a difficult boss at Apple.") == nil)
        let eu = topic("labour", "The European Union and the African Union signed a trade accord in Brussels on Monday.")
        #expect((eu?.score ?? 0) < 0.35, "\(String(describing: eu))")
        // A name the term is (a company the taxonomy lists) still counts.
        #expect(topic("semiconductors", "Nvidia Corp said on Monday its revenue rose.")?.evidence == ["Nvidia"])
    }

    @Test(arguments: [
        ("cybersecurity", "Cyber Monday deals", "Shoppers spent a record amount on Cyber Monday, with discounts on televisions and toys."),
        ("semiconductors", "Lunch", "The pub serves fish and chips, and the diners said the chip shop down the road was cheaper."),
        ("model-distillation", "Whisky", "The distillery said on Monday it would expand."),
        ("model-distillation", "Fire", "The refinery shut its crude distillation unit on Monday after a fire."),
        ("labour", "Beirut", "Israel said an air strike killed a commander in Lebanon."),
        ("tariffs-trade", "Hotel prices", "The hotel's tariff for a double room rose to 120 euros a night this summer, guests said."),
        // trial6 findings 4 and 17: a control that is not a government's, and Shell the company.
        ("export-controls", "Toys", "Shipments of remote control toys rose ahead of Christmas, the retailer said."),
        ("export-controls", "Clinics", "Shipments of birth control pills to clinics were delayed by the strike, officials said."),
        ("export-controls", "Fruit", "Quality control of exports of fresh fruit improved this year, the ministry said."),
        ("export-controls", "Results", "The brewer said strict cost controls helped as exports rose 12 percent in the year."),
        ("war-conflict", "Shell results", "Shell said on Thursday its profit fell as gas prices dropped; Shell shares rose in London."),
    ])
    func otherSensesDoNotCount(_ id: String, _ title: String, _ text: String) {
        #expect(topic(id, title: title, text) == nil, "\(String(describing: topic(id, title: title, text)))")
    }

    /// The cancelling phrase covers only its own words: the topic's own sense, nearby, still counts.
    @Test func aCancelledTermStillCountsInItsOwnSense() {
        let hit = topic("cybersecurity", "Retailers hit by cyber attacks on Cyber Monday, investigators said.")
        #expect(hit?.evidence == ["cyber*"], "\(String(describing: hit))")
    }
}
