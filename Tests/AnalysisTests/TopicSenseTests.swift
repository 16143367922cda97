import Analysis
import Foundation
import Testing
import WirewatchCore

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

    /// Evidence is written as the article writes it: words joined by "&" or "-" stay joined ("S P 500" was shown).
    @Test func evidenceKeepsTheWordsJoinsAsWritten() {
        #expect(topic("markets", "The S&P 500 fell 2% as traders sold shares.")?.evidence.contains("S&P 500") == true)
    }

    @Test(arguments: [
        ("cybersecurity", "Cyber Monday deals", "Shoppers spent a record amount on Cyber Monday, with discounts on televisions and toys."),
        ("semiconductors", "Lunch", "The pub serves fish and chips, and the diners said the chip shop down the road was cheaper."),
        ("model-distillation", "Whisky", "The distillery said on Monday it would expand."),
        ("model-distillation", "Fire", "The refinery shut its crude distillation unit on Monday after a fire."),
        ("labour", "Beirut", "Israel said an air strike killed a commander in Lebanon."),
        ("labour", "Orchestra strikes a chord with young audiences", "The orchestra's new series struck a chord with young audiences, its director said."),
        // The European Union in the languages the taxonomy reads is no trade union (exploratory finding of stop 34).
        ("labour", "La Unión Europea aprueba su presupuesto", "Los ministros de la Unión Europea aprobaron el presupuesto anual en Bruselas el martes."),
        ("labour", "L'Union européenne adopte son budget", "Les ministres de l'Union européenne ont adopté le budget annuel à Bruxelles mardi."),
        ("labour", "Europäische Union beschließt Haushalt", "Die Minister der Europäischen Union haben am Dienstag in Brüssel den Jahreshaushalt beschlossen."),
        ("tariffs-trade", "Hotel prices", "The hotel's tariff for a double room rose to 120 euros a night this summer, guests said."),
        // trial6 findings 4 and 17: a control that is not a government's, and Shell the company.
        ("export-controls", "Toys", "Shipments of remote control toys rose ahead of Christmas, the retailer said."),
        ("export-controls", "Clinics", "Shipments of birth control pills to clinics were delayed by the strike, officials said."),
        ("export-controls", "Fruit", "Quality control of exports of fresh fruit improved this year, the ministry said."),
        ("export-controls", "Results", "The brewer said strict cost controls helped as exports rose 12 percent in the year."),
        ("war-conflict", "Shell results", "Shell said on Thursday its profit fell as gas prices dropped; Shell shares rose in London."),
        // trial6 H6 (trial5 finding 13): near phrases that cancel — a footballer, the council's approval, a hotel's
        // and a phone's tariff, chips in a pub and on a golf course, a golfer.
        ("export-controls", "Guardiola's export controls the midfield", "The club's latest export controls the midfield for Bayern now, and the coach said he was delighted with the player's progress this season."),
        ("sanctions", "", "The council sanctioned the plans for a new park on Tuesday."),
        ("sanctions", "", "The board sanctioned the merger and the payout."),
        ("tariffs-trade", "", "The hotel's tariff rose to 120 euros a night."),
        ("tariffs-trade", "", "The mobile tariff includes unlimited data."),
        ("semiconductors", "", "He chipped onto the green and holed the chip shot for a birdie at the Masters."),
        ("semiconductors", "", "Banks replaced magnetic stripe cards with chip cards."),
        ("cybersecurity", "", "An amateur hack on the golf course can improve his swing with practice."),
        // trial6 N4: near terms in other scripts and the model-distillation near term in everyday senses.
        ("export-controls", "", "商场出口限制人流，节假日客流量大增。"),
        ("tariffs-trade", "", "Тариф на электроэнергию для населения вырастет с июля."),
        ("tariffs-trade", "", "这款游戏讲述了一场贸易战争的故事。"),
        ("war-conflict", "", "这款游戏讲述了一场贸易战争的故事。"),
        ("model-distillation", "", "Detectives extracted answers from the suspect after six hours of questioning, police said."),
        ("model-distillation", "", "Farmers harvest outputs rose 5 percent as wheat yields recovered."),
        ("model-distillation", "", "Pupils who copied answers from their phones were disqualified from the exam."),
        ("cybersecurity", "", "Students won the university hackathon with an app for recycling."),
        // trial6 N18 and trial5 finding 38: "fed up", a scout troop, a token of thanks, a parking space, the strike
        // and the union that refer back to an air strike and the Soviet Union.
        ("central-banks", "", "Commuters are fed up with delays on the line."),
        ("war-conflict", "", "The scout troop raised money for the local hospice."),
        ("crypto", "", "Customers receive a token of appreciation with every order."),
        ("space", "", "Residents complained about the lack of parking space in the town centre."),
        ("labour", "", "Israel said an air strike killed a commander in Lebanon. The strike hit a building in Beirut."),
        ("labour", "", "The Soviet Union collapsed in 1991. Historians still debate why the union failed."),
        // trial5 finding 13's headlines: a title's word in the sense its body uses.
        ("semiconductors", "Chips with everything", "The pub serves fish and chips, and the chips are hand-cut from local potatoes. Diners said the chip shop down the road was cheaper."),
        ("sanctions", "Council sanctions new park", "The council sanctioned the plans for a new park on Monday, approving the budget for the playground."),
        // trial5 finding 47: the England and Wales Cricket Board.
        ("central-banks", "", "The ECB named a new England cricket captain for the Ashes tour."),
        // A player traded between teams is no trade news, and a team's cap space is not space.
        ("tariffs-trade", "Lakers complete trade", "The Los Angeles Lakers completed a trade deal on Thursday, sending their point guard to Charlotte for two draft picks. The trade deadline is next week."),
        ("space", "", "The coach said the deal gives the team cap space for the summer."),
        // Exploratory findings of stop 32: training a model, shipping a licence, a French "visant", a chip war, whisky.
        ("transport", "", "The company trained its AI model on rented servers, and training costs fell."),
        ("transport", "", "Exporters must ship a licence application before they can sell chips."),
        ("immigration", "", "Les mesures visant les puces chinoises ont été renforcées."),
        ("war-conflict", "", "The chip war between the US and China escalated as export controls tightened."),
        ("world", "", "The chip war between the US and China escalated as export controls tightened."),
        ("model-distillation", "", "Scottish distillers expanded distillation capacity as whisky exports rose."),
        // A term's words do not run from one sentence into the next.
        ("export-controls", "Factory news", "The company said sales abroad rose as it grew its export. Controls on spending helped margins, the chief executive said."),
    ])
    func otherSensesDoNotCount(_ id: String, _ title: String, _ text: String) {
        #expect(topic(id, title: title, text) == nil, "\(String(describing: topic(id, title: title, text)))")
    }

    /// The same words in the topic's own sense still count: the near phrases and capitals cancel only their sense.
    @Test(arguments: [
        ("export-controls", "The US tightened export controls on advanced chips to China, the Commerce Department said."),
        ("sanctions", "The EU unveiled a new sanctions plan against Russia on Tuesday."),
        ("sanctions", "The EU plans new sanctions on Russian banks."),
        ("tariffs-trade", "The US raised tariffs on mobile phones made in China."),
        ("tariffs-trade", "Britain and India signed a trade deal on Thursday after three years of talks, cutting duties on whisky and cars."),
        ("space", "The space agency launched a rocket to the space station."),
        ("central-banks", "Fed officials said rates would stay high."),
        ("central-banks", "The ECB raised interest rates by a quarter point."),
        ("labour", "Workers went on strike on Monday. The strike closed the port."),
        ("export-controls", "商务部宣布对稀土实施出口管制。"),
        ("model-distillation", "OpenAI said DeepSeek trained on ChatGPT outputs to build its model."),
        ("transport", "Trains were cancelled after the railway strike, and shipping of grain was delayed."),
        ("immigration", "Visas for foreign workers were cut, and migrants were turned back at the border."),
        ("war-conflict", "The war in Ukraine entered its fourth year as missiles hit Kyiv."),
        ("model-distillation", "OpenAI says DeepSeek used distillation of its models to build a rival."),
    ])
    func theTopicsOwnSenseStillCounts(_ id: String, _ text: String) {
        let hit = topic(id, text)
        #expect((hit?.score ?? 0) >= 0.35, "\(String(describing: hit))")
    }

    /// A near phrase in `unless` cancels where its two sides stand close, either order, in one sentence; a bad one
    /// is refused with its line.
    @Test func nearPhrasesCancelOnlyCloseTogether() throws {
        let taxonomy = """
            topics:
              - id: cybersecurity
                terms: [{term: "hack*", weight: 2, unless: [{near: [[hack*], [golf*, fairway]], within: 2}]}]
            """
        let a = Analyzer(knowledge: KnowledgeBase(topics: try KnowledgeBase.parseTaxonomy(taxonomy, file: "t.yaml")))
        func found(_ text: String) -> Bool { !a.analyze(plainText: text).analysis.topics.isEmpty }
        #expect(!found("A hack on the golf course."))
        #expect(!found("On the fairway, a hack."), "either order")
        #expect(found("A hack was found in the software of the golf club."), "more than two words between")
        #expect(found("Hackers stole data. The golf club said so."), "another sentence")
        let bad = "topics:\n  - id: x\n    terms: [{term: a, unless: [{near: [[a]]}]}]\n"
        #expect(throws: Diagnostic.self) { try KnowledgeBase.parseTaxonomy(bad, file: "t.yaml") }
        let far = "topics:\n  - id: x\n    terms: [{term: a, unless: [{near: [[a], [b]], within: 11}]}]\n"
        #expect(throws: Diagnostic.self) { try KnowledgeBase.parseTaxonomy(far, file: "t.yaml") }
    }

    /// A word written capitalised is found only capitalised; at a sentence's start it is.
    @Test func aCapitalisedTermNeedsItsCapital() throws {
        let taxonomy = "topics:\n  - id: central-banks\n    terms: [{term: Fed, weight: 2}]\n"
        let a = Analyzer(knowledge: KnowledgeBase(topics: try KnowledgeBase.parseTaxonomy(taxonomy, file: "t.yaml")))
        func found(_ text: String) -> Bool { !a.analyze(plainText: text).analysis.topics.isEmpty }
        #expect(!found("Commuters are fed up with delays."))
        #expect(found("Commuters wait for the Fed to act."))
        #expect(found("Fed officials met on Tuesday."))
    }

    /// The cancelling phrase covers only its own words: the topic's own sense, nearby, still counts.
    @Test func aCancelledTermStillCountsInItsOwnSense() {
        let hit = topic("cybersecurity", "Retailers hit by cyber attacks on Cyber Monday, investigators said.")
        #expect(hit?.evidence == ["cyber"], "\(String(describing: hit))")
    }
}
