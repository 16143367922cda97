import Analysis
import Testing

/// A bare surname after the article names a person in full is that person, not the country, the
/// capital or the gazetteer's famous namesake (trial5 findings 2, 44); people whose surname is a month
/// (trial5 finding 3). Shipped data.
@Suite struct NamesakeTests {
    @Test(arguments: [
        ("Michael Jordan won six titles with the Chicago Bulls. Jordan later owned a team.", ["Michael Jordan/PERSON"], ["Jordan/LOC"]),
        ("Denzel Washington won an Oscar. Washington said he was grateful.", ["Denzel Washington/PERSON"], ["United States/LOC"]),
        ("Hunter Biden was pardoned. Biden said he was grateful to his father.", ["Hunter Biden/PERSON"], ["Joe Biden/PERSON"]),
        ("Melania Trump released a memoir. Trump said the book was personal.", ["Melania Trump/PERSON"], ["Donald Trump/PERSON"]),
        ("Eric Trump launched a crypto venture. Trump said it would succeed.", ["Eric Trump/PERSON"], ["Donald Trump/PERSON"]),
        ("Kim Yo Jong issued a statement. Kim said Seoul would pay.", ["Kim Yo Jong/PERSON"], ["Kim/ORG"]),
        // The country stays the country where the text places it, and the namesake where no one else is named.
        ("Michael Jordan flew to Amman. He later opened a school in Jordan.", ["Michael Jordan/PERSON", "Jordan/LOC"], []),
        // The text calls it the place (trial6 finding 10).
        ("Michael Jordan said on Tuesday he would sell his stake. Jordan, the kingdom, said it would host talks in Amman.",
         ["Michael Jordan/PERSON", "Jordan/LOC"], []),
        ("Michael Jordan sold his stake. Jordan's foreign ministry said it would host talks.", ["Michael Jordan/PERSON", "Jordan/LOC"], []),
        ("Trump said the tariffs would stay.", ["Donald Trump/PERSON"], []),
        ("Trump said on Monday that Eric Trump would lead the firm.", ["Donald Trump/PERSON", "Eric Trump/PERSON"], []),
        // A role names which one: "President Biden" is still Joe Biden.
        ("Hunter Biden was pardoned by his father, President Biden.", ["Hunter Biden/PERSON", "Joe Biden/PERSON"], []),
        // People whose surname is a month; the month itself stays a month.
        ("Theresa May said the deal was the best available. Mrs May told MPs to back it.", ["Theresa May/PERSON"], ["Theresa/PERSON"]),
        ("Brian May played guitar. Brian May said the tour would go on.", ["Brian May/PERSON"], []),
        ("Ms June Carter arrived. June Carter sang.", ["June Carter/PERSON"], []),
        ("The vote was held in May. In June Trump signed the order.", ["Donald Trump/PERSON"], ["May/PERSON", "June Trump/PERSON"]),
    ])
    func readsTheSurnameAsThePersonNamed(_ text: String, _ present: [String], _ absent: [String]) {
        EntityPrecisionTests.expect(EntityPrecisionTests.found(text), present, absent)
    }

    /// Where each bare surname goes: to the person named in full, or nowhere when two people share it.
    @Test(arguments: [
        ("Michael Jordan won six titles. Jordan later owned a team.", "Jordan", "Michael Jordan"),
        ("Denzel Washington won an Oscar. Washington said he was grateful.", "Washington", "Denzel Washington"),
        ("Hunter Biden was pardoned. Biden said he was grateful.", "Biden", "Hunter Biden"),
        ("Kim Yo Jong issued a statement. Kim said Seoul would pay.", "Kim", "Kim Yo Jong"),
        ("Theresa May said the deal was the best available. Mrs May told MPs to back it.", "Mrs May", "Theresa May"),
        ("Mr Trump met Melania Trump. Mrs Trump said she was pleased.", "Mrs Trump", "Melania Trump"),
        // Two people named in full with the surname: the bare surname is left unresolved.
        ("Donald Trump and Melania Trump arrived. Trump said the visit went well.", "Trump", nil),
    ] as [(String, String, String?)])
    func bareSurnameGoesToThePersonNamedInFull(_ text: String, _ mention: String, _ canonical: String?) {
        let all = EntityPrecisionTests.found(text)
        let owners = all.filter { $0.mentions.contains { $0.text == mention } }.map(\.canonical)
        #expect(owners == (canonical.map { [$0] } ?? []), "\(mention) is a mention of \(owners); found \(all.map(\.canonical))")
    }
}
