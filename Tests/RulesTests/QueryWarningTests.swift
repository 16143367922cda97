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
        // Words side by side beside OR: Google reads OR first, this language last.
        ("semiconductors Taiwan OR China", ["r.yaml:3:13: rule 'a': 'semiconductors Taiwan OR China' reads as '(semiconductors Taiwan) OR China': words side by side are joined before OR joins anything; "
            + "if OR was to choose between the words beside it, put parentheses around them, as in 'a (b OR c)'; parentheses as in the reading above say that it is meant"]),
        ("DeepSeek OR \"export controls\" -weather", ["r.yaml:3:13: rule 'a': 'DeepSeek OR \"export controls\" -weather' reads as 'DeepSeek OR (\"export controls\" -weather)': words side by side are joined before OR joins anything; "
            + "if OR was to choose between the words beside it, put parentheses around them, as in 'a (b OR c)'; parentheses as in the reading above say that it is meant"]),
        ("(semiconductors Taiwan) OR China", []),
        ("semiconductors (Taiwan OR China)", []),
        ("semiconductors AND Taiwan OR China", []),
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

    /// A `source:` that names none of the config's feeds and is no host, or that has a scheme, never matches.
    @Test(arguments: [
        ("source:world-dsk", ["r.yaml:3:20: rule 'a': 'source:world-dsk' names no feed in the config, and is no host (a host has a dot); did you mean 'source:world-desk'?"]),
        ("source:https://example.com/news", ["r.yaml:3:20: rule 'a': 'source:https://example.com/news' never matches: source: is a feed id or an article's host, which has no scheme; write source:example.com"]),
        ("source:world-desk", []), ("source:World", []), ("source:\"world desk\"", []), ("source:reuters.com", []), ("source:wor*", []),
    ])
    func unknownSource(query: String, expected: [String]) throws {
        let yaml = "rules:\n  - id: a\n    query: '\(query)'\n"
        let book = try RuleBook.compile([RuleFile(path: "r.yaml", text: yaml)], base: RuleTestSupport.knowledge, sinks: [],
                                        feeds: ["world-desk", "tech-desk"]).get()
        #expect(book.warnings.map(\.description) == expected)
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

    /// ` #` ends a plain query: a query that then fails is told why beside its error; one that compiles is warned
    /// of a comment written like a hashtag, which it does not search for, and not of one that reads as a comment.
    @Test func aCommentAfterAPlainQuery() throws {
        let yaml = "rules:\n  - id: cs\n    query: C# OR Microsoft #dotnet\n  - id: ok\n    query: DeepSeek   # the lab\n"
            + "  - id: multi\n    query: DeepSeek AND\n      distillation #ai\n"
        let book = try RuleBook.compile([RuleFile(path: "r.yaml", text: yaml)], base: RuleTestSupport.knowledge, sinks: []).get()
        #expect(book.warnings.map(\.description) == [
            "r.yaml:3:28: rule 'cs': the query ends where '#dotnet' starts: ' #' begins a YAML comment, so it is not searched for; "
                + "to search for it, quote the query whole: query: 'C# OR Microsoft #dotnet'",
            "r.yaml:8:20: rule 'multi': the query ends where '#ai' starts: ' #' begins a YAML comment, so it is not searched for; "
                + "to search for it, quote the query whole",
        ])
        let broken = "rules:\n  - id: tag\n    query: #OpenAI\n  - id: dotnet\n    query: Microsoft AND #dotnet\n"
        guard case .failure(let d) = RuleBook.compile([RuleFile(path: "r.yaml", text: broken)], base: RuleTestSupport.knowledge, sinks: []) else {
            Issue.record("queries cut short by a comment compiled")
            return
        }
        #expect(d.items.map(\.description) == [
            "r.yaml:3:11: rule 'tag': empty query; write what to look for, e.g. '\"export controls\" AND China'",
            "r.yaml:3:12: rule 'tag': the query ends where '#OpenAI' starts: ' #' begins a YAML comment; quote the query whole: query: '#OpenAI'",
            "r.yaml:5:22: rule 'dotnet': 'AND' needs a clause on its right; as in 'DeepSeek AND distillation'",
            "r.yaml:5:26: rule 'dotnet': the query ends where '#dotnet' starts: ' #' begins a YAML comment; quote the query whole: query: 'Microsoft AND #dotnet'",
        ])
    }

    /// Rules in two files: warnings in file order, then line by line.
    @Test func warningsComeInReadingOrder() throws {
        let files = [RuleFile(path: "b.yaml", text: "rules:\n  - id: b1\n    query: 'x or y'\n  - id: b2\n    query: 'not z'\n"),
                     RuleFile(path: "a.yaml", text: "rules:\n  - id: a1\n    query: 'p and q'\n")]
        let book = try RuleBook.compile(files, base: RuleTestSupport.knowledge, sinks: []).get()
        #expect(book.warnings.map { "\($0.file):\($0.line):\($0.column)" } == ["b.yaml:3:15", "b.yaml:5:13", "a.yaml:3:15"])
    }
}
