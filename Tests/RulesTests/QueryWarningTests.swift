import Analysis
import Rules
import Testing
import WirewatchCore

/// A valid query that most likely does not say what was meant gets a warning, at the text that says it,
/// and runs as written: `check` prints it and passes, the daemon logs it.
@Suite struct QueryWarningTests {
    /// The book of one rule 'a' whose query is written `'…'` on line 3 (the query starts at column 13).
    func book(_ query: String) throws -> RuleBook {
        let yaml = "rules:\n  - id: a\n    query: '\(query.replacingOccurrences(of: "'", with: "''"))'\n"
        return try RuleBook.compile([RuleFile(path: "r.yaml", text: yaml)], base: RuleTestSupport.knowledge, sinks: []).get()
    }

    @Test(arguments: [
        ("China or Taiwan", ["r.yaml:3:19: rule 'a': 'or' is searched as a word, not as the operator OR (operators are upper case); write OR for either, or quote it (\"or\") to search for the word"]),
        ("China and not Taiwan", [
            "r.yaml:3:19: rule 'a': 'and' is searched as a word, not as the operator AND (operators are upper case); write AND (or nothing: words side by side must all be there), or quote it (\"and\") to search for the word",
            "r.yaml:3:23: rule 'a': 'not' is searched as a word, not as the operator NOT (operators are upper case); write NOT (or '-') to exclude what follows, or quote it (\"not\") to search for the word",
        ]),
        ("Not Taiwan", ["r.yaml:3:13: rule 'a': 'Not' is searched as a word, not as the operator NOT (operators are upper case); write NOT (or '-') to exclude what follows, or quote it (\"Not\") to search for the word"]),
        ("entity:DeepSeek AI", ["r.yaml:3:20: rule 'a': 'entity:DeepSeek AI' reads as entity:DeepSeek AND the word 'AI'; quote the name, entity:\"DeepSeek AI\", to mean the entity; write 'entity:DeepSeek AND AI' to mean both"]),
        // Quoted, scoped, or upper case: meant as written.
        ("\"or\" AND gold", []),
        ("China OR Taiwan", []),
        ("text:or AND gold", []),
        ("\"China or Taiwan\"", []),
        ("entity:DeepSeek AND AI", []),
        ("entity:\"DeepSeek AI\"", []),
        ("entity:\"DeepSeek\" AI", []),
        ("oregon AND orange", []),
    ])
    func warning(query: String, expected: [String]) throws {
        #expect(try book(query).warnings.map(\.description) == expected)
    }

    /// A query with an error reports the error; its warnings wait until it compiles.
    @Test func anErrorComesWithoutTheWarnings() {
        let yaml = "rules:\n  - id: a\n    query: 'China or Taiwan NEAR/5'\n"
        guard case .failure(let d) = RuleBook.compile([RuleFile(path: "r.yaml", text: yaml)], base: RuleTestSupport.knowledge, sinks: []) else {
            Issue.record("a NEAR without its right clause compiled")
            return
        }
        #expect(d.items.map(\.description) == ["r.yaml:3:29: rule 'a': 'NEAR/5' needs a clause on its right; as in 'DeepSeek NEAR/5 distillation'"])
    }

    /// The rule runs as written: `China or Taiwan` needs the word "or" beside China and Taiwan.
    @Test func theRuleRunsAsWritten() throws {
        let book = try book("China or Taiwan")
        #expect(book.match(RuleTestSupport.input(book, text: "China and Taiwan held talks.")).isEmpty)
        #expect(book.match(RuleTestSupport.input(book, text: "China or Taiwan may hold talks.")).map(\.rule.id) == ["a"])
    }

    /// Rules in two files: warnings in file order, then line by line.
    @Test func warningsComeInReadingOrder() throws {
        let files = [RuleFile(path: "b.yaml", text: "rules:\n  - id: b1\n    query: 'x or y'\n  - id: b2\n    query: 'not z'\n"),
                     RuleFile(path: "a.yaml", text: "rules:\n  - id: a1\n    query: 'p and q'\n")]
        let book = try RuleBook.compile(files, base: RuleTestSupport.knowledge, sinks: []).get()
        #expect(book.warnings.map { "\($0.file):\($0.line):\($0.column)" } == ["b.yaml:3:15", "b.yaml:5:13", "a.yaml:3:15"])
    }
}
