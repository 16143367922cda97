import Analysis
import Testing

/// Towns named for a country or its capital, and names that hold a country's name (trial5 findings 42, 36).
@Suite struct TownNamesTests {
    @Test(arguments: [
        // Towns named for a country or its capital.
        ("Bryan Kohberger was sentenced for the killings of four students in Moscow, Idaho.", ["Moscow, Idaho/LOC", "Idaho/LOC"], ["Russia/LOC"]),
        ("A factory in Lebanon, Pennsylvania, closed.", ["Lebanon, Pennsylvania/LOC", "Pennsylvania/LOC"], ["Lebanon/LOC"]),
        ("Russia said talks in Moscow would resume.", ["Russia/LOC"], []),
        // Placed, then "in" and a state (trial6 finding 15); the capital as the government stays the country.
        ("Kohberger lived near Moscow in Idaho.", ["Idaho/LOC"], ["Russia/LOC"]),
        ("Talks in Moscow in June stalled.", ["Russia/LOC"], []),
        ("Diplomats in Beijing in Washington's view overreached.", ["China/LOC"], []),
        // A list, or a state that qualifies what follows, is no town (trial6 finding 20).
        ("Exports to Russia, Georgia and Armenia rose sharply last year.", ["Russia/LOC", "Armenia/LOC"], ["Russia, Georgia/LOC"]),
        ("Visits to China, Indiana and Ohio were planned by the governor.", ["China/LOC", "Ohio/LOC"], ["China, Indiana/LOC"]),
        ("Sanctions target Iran, Virginia-based firms said.", ["Iran/LOC"], ["Iran, Virginia/LOC"]),
        // Names that hold a country's name.
        ("Captain America returns, and Voice of America reported on the America's Cup.", ["Voice of America/ORG", "America's Cup/MISC"], ["United States/LOC"]),
        ("Indiana Jones returns to cinemas. Air China cancelled flights to Osaka.", ["Air China/ORG", "Osaka/LOC"], ["Indiana/LOC", "China/LOC"]),
    ] as [(String, [String], [String])])
    func namesTheTownNotTheCountry(_ text: String, _ present: [String], _ absent: [String]) {
        EntityPrecisionTests.expect(EntityPrecisionTests.found(text), present, absent)
    }
}
