import Analysis
import Testing

/// Words in capitals for emphasis are not acronyms or names; wire slugs add nothing (trial5 findings 4, 40).
@Suite struct ShoutedTextTests {
    @Test(arguments: [
        ("TELL US WHAT YOU THINK ABOUT OUR NEW SITE", "Send us your questions.", [], ["United States/LOC", "TELL/ORG", "WHAT YOU THINK ABOUT OUR NEW SITE/MISC"]),
        ("JOIN US LIVE: Budget day coverage", "The chancellor will deliver the budget at 12:30 in London. Send us your questions.",
         ["London/LOC"], ["United States/LOC", "JOIN/ORG", "LIVE/ORG"]),
        ("WATCH US LIVE", "The chancellor will deliver the budget at 12:30 in London.", ["London/LOC"], ["United States/LOC", "LIVE/ORG"]),
        // First in the run, or after THE, a known acronym keeps its meaning.
        ("US TROOPS LEAVE SYRIA", "The last convoy crossed on Monday.", ["United States/LOC", "Syria/LOC"], []),
        ("WHAT THE US ELECTION MEANS", "Voters went to the polls on Tuesday.", ["United States/LOC"], []),
        // First in the run before a question's verb, it is the everyday word (trial6 finding 12).
        ("WHO IS THE NEW PRIME MINISTER", "Details to follow in the story as it develops.", [], ["World Health Organization/ORG"]),
        ("WHO WON THE ELECTION", "Details to follow in the story as it develops.", [], ["World Health Organization/ORG"]),
        ("WHO WARNS OF NEW VIRUS", "Details to follow in the story as it develops.", ["World Health Organization/ORG"], []),
        // Wire slugs: nothing of their own; "US STOCKS" is genuinely the US.
        ("REFILE-US stocks fall", "Details to follow in the story as it develops.", ["United States/LOC"], ["REFILE/ORG"]),
        ("US STOCKS-Wall St falls as tech slides", "Details to follow in the story as it develops.", ["United States/LOC"], ["STOCKS-Wall St/ORG"]),
        ("EXCLUSIVE-Nvidia to ship chips", "Details to follow in the story as it develops.", ["Nvidia/ORG"], ["EXCLUSIVE/ORG"]),
        ("FACT CHECK: Did the Fed cut rates?", "Details to follow in the story as it develops.", ["Federal Reserve/ORG"], ["FACT CHECK/MISC"]),
        // A list of acronyms in a mixed-case sentence is not shouting, nor is a dateline.
        ("Leaders meet", "NATO, EU, US and UK leaders met in Brussels.", ["United States/LOC", "NATO/ORG"], []),
    ] as [(String, String, [String], [String])])
    func shoutedWordsNameNothing(_ title: String, _ body: String, _ present: [String], _ absent: [String]) {
        EntityPrecisionTests.expect(SeedReportTests.analyzer.analyze(title: title, html: body).entities, present, absent)
    }
}
