import Rules
import Testing
import WirewatchCore

/// A YAML syntax error costs only the item it is in: the other items of the
/// file are still checked, and every error is reported with the file's line
/// and column, while the file as a whole is refused.
@Suite struct SyntaxErrorRecoveryTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var yaml: String
        var expected: [String]
        var testDescription: String { name }
        init(_ name: String, _ yaml: String, _ expected: String...) { self.name = name; self.yaml = yaml; self.expected = expected }
    }

    /// Three rules; `broken` replaces the line `query` of the rule at `at`
    /// (0, 1, 2: lines 3, 6, 9), and each other rule has a mistake of its own.
    static func threeRules(_ broken: String, at: Int) -> String {
        let rules = [
            "  - id: first\n    query: titel:x\n    severity: high\n",
            "  - id: middle\n    query: OpenAI\n    sinks: [alert-logs]\n",
            "  - id: last\n    query: DeepSeek AND\n    severity: high\n",
        ]
        return "rules:\n" + rules.indices.map { $0 == at ? rules[$0].replacingOccurrences(of: rules[$0].split(separator: "\n")[1] + "\n", with: broken + "\n") : rules[$0] }.joined()
    }

    static let others = [
        "r.yaml:3:12: rule 'first': unknown field 'titel:'; did you mean 'title:'?",
        "r.yaml:7:13: rule 'middle' names unknown sink 'alert-logs' (configured sinks: alert-log); did you mean 'alert-log'?",
        "r.yaml:9:21: rule 'last': 'AND' needs a clause on its right; as in 'DeepSeek AND distillation'",
    ]

    /// The errors of the rules other than the one at `at`, with `syntax` in its place.
    static func expected(_ syntax: String, at: Int) -> [String] {
        var lines = others
        lines[at] = syntax
        return lines
    }

    static let kinds: [(name: String, line: String, errors: [String])] = [
        // The syntax error, as reported when the broken line is line 3, 6 and 9.
        ("bad indent", "   query: x",
         ["r.yaml:3:4: YAML syntax error: did not find expected '-' indicator (while parsing a block collection at line 2, column 3)",
          "r.yaml:6:4: YAML syntax error: did not find expected '-' indicator (while parsing a block collection at line 5, column 3)",
          "r.yaml:9:4: YAML syntax error: did not find expected '-' indicator (while parsing a block collection at line 8, column 3)"]),
        // The quote runs on to the end of its item: there is the next item, or the end of the file.
        ("unclosed quote", "    query: 'DeepSeek",
         ["r.yaml:5:1: YAML syntax error: found the start of the next item (while scanning a quoted scalar at line 3, column 12)",
          "r.yaml:8:1: YAML syntax error: found the start of the next item (while scanning a quoted scalar at line 6, column 12)",
          "r.yaml:11:1: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar at line 9, column 12)"]),
        ("unclosed bracket", "    query: [DeepSeek",
         ["r.yaml:4:13: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 3, column 12)",
          "r.yaml:7:10: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 6, column 12)",
          "r.yaml:10:13: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 9, column 12)"]),
        ("colon in a plain scalar", "    query: DeepSeek: distillation",
         ["r.yaml:3:20: YAML syntax error: mapping values are not allowed in this context; a value that starts with '\"', '[', '{', '@' or '`', or holds ': ', is quoted whole: query: 'DeepSeek: distillation'",
          "r.yaml:6:20: YAML syntax error: mapping values are not allowed in this context; a value that starts with '\"', '[', '{', '@' or '`', or holds ': ', is quoted whole: query: 'DeepSeek: distillation'",
          "r.yaml:9:20: YAML syntax error: mapping values are not allowed in this context; a value that starts with '\"', '[', '{', '@' or '`', or holds ': ', is quoted whole: query: 'DeepSeek: distillation'"]),
        ("tab", "\tquery: x",
         ["r.yaml:3:1: YAML syntax error: found a tab character that violates indentation (while scanning a plain scalar at line 2, column 9); indent with spaces, not tabs",
          "r.yaml:6:1: YAML syntax error: found a tab character that violates indentation (while scanning a plain scalar at line 5, column 9); indent with spaces, not tabs",
          "r.yaml:9:1: YAML syntax error: found a tab character that violates indentation (while scanning a plain scalar at line 8, column 9); indent with spaces, not tabs"]),
    ]

    static let cases: [Case] = kinds.flatMap { kind in
        (0..<3).map { at in
            var c = Case("\(kind.name) in the \(["first", "middle", "last"][at]) rule", threeRules(kind.line, at: at))
            c.expected = expected(kind.errors[at], at: at)
            return c
        }
    } + [
        Case("entity that does not parse: rules naming an entity are not reported",
             "entities:\n  - name: Acme\n    aliases: [Acme Corp\n  - name: Bob\n    type: PERSN\nrules:\n  - id: a\n    query: entity:Acme AND topic:nope\n",
             "r.yaml:4:1: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 3, column 14); until it parses, rules are not checked for unknown entities",
             "r.yaml:5:11: entity 'Bob': type must be PERSON, ORG, LOC or MISC (got 'PERSN')",
             "r.yaml:8:34: rule 'a': unknown topic 'nope'; define it under 'topics:' in a rule file"),
        Case("topic that does not parse: rules naming a topic are not reported",
             "topics:\n  - id: harbours\n    terms: 'port*\n  - id: weather\nrules:\n  - id: a\n    query: topic:harbours AND entity:Nobody\n",
             "r.yaml:4:1: YAML syntax error: found the start of the next item (while scanning a quoted scalar at line 3, column 12); until it parses, rules are not checked for unknown topics",
             "r.yaml:4:5: topic 'weather' needs at least one entry under 'terms'",
             "r.yaml:7:38: rule 'a': unknown entity 'Nobody'; define it under 'entities:' in a rule file, or use a type (PERSON, ORG, LOC, MISC)"),
        Case("the last entity before rules: runs on to the next section",
             "entities:\n  - name: Acme\n    aliases: 'Acme Corp\nrules:\n  - id: a\n    query: entity:Acme AND titel:x\n",
             "r.yaml:4:1: YAML syntax error: found the start of the next section (while scanning a quoted scalar at line 3, column 14); until it parses, rules are not checked for unknown entities",
             "r.yaml:6:28: rule 'a': unknown field 'titel:'; did you mean 'title:'?"),
        Case("CRLF line ends",
             threeRules("    query: 'DeepSeek", at: 1).replacingOccurrences(of: "\n", with: "\r\n"),
             others[0], "r.yaml:8:1: YAML syntax error: found the start of the next item (while scanning a quoted scalar at line 6, column 12)", others[2]),
        Case("items at the key's own indentation",
             "rules:\n- id: a\n  query: 'x\n- id: b\n  query: titel:y\n",
             "r.yaml:4:1: YAML syntax error: found the start of the next item (while scanning a quoted scalar at line 3, column 10)",
             "r.yaml:5:10: rule 'b': unknown field 'titel:'; did you mean 'title:'?"),
        Case("first line broken: the section's items are still checked",
             "rules: [\n" + threeRules("    query: x", at: 0).dropFirst("rules:\n".count),
             "r.yaml:2:1: YAML syntax error: did not find expected node content (while parsing a flow node at line 2, column 1)",
             others[1], others[2]),
        Case("first line not a key: nothing under it can be read",
             "\"rules:\n  - id: a\n    query: titel:x\n",
             "r.yaml:4:1: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar at line 1, column 1); until it parses, rules are not checked for unknown entities or topics"),
        Case("a duplicate id is still found around the broken rule",
             "rules:\n  - id: a\n    query: x\n  - id: b\n    query: 'y\n  - id: a\n    query: z\n",
             "r.yaml:6:1: YAML syntax error: found the start of the next item (while scanning a quoted scalar at line 5, column 12)",
             "r.yaml:6:5: duplicate rule id 'a' (first defined at r.yaml:2); rule ids must be unique across all rule files"),
        // trial4 finding 19: `cat a.yaml b.yaml` of files that start with `---`; every rule of both is checked.
        Case("two documents",
             "---\nrules:\n  - {id: d1, query: \"titel:x\"}\n---\nrules:\n  - {id: d2, query: \"titel:y\"}\n  - {id: d1, query: z}\n",
             "r.yaml:3:22: rule 'd1': unknown field 'titel:'; did you mean 'title:'?",
             "r.yaml:4:1: YAML syntax error: found another document ('---'); a file holds one: remove this line (the items of both are checked)",
             "r.yaml:6:22: rule 'd2': unknown field 'titel:'; did you mean 'title:'?",
             "r.yaml:7:5: duplicate rule id 'd1' (first defined at r.yaml:3); rule ids must be unique across all rule files"),
        Case("two broken rules among good ones",
             "rules:\n  - id: a\n    query: 'x\n  - id: b\n    query: x\n  - id: c\n    query: y: z\n  - id: d\n    query: AND w\n",
             "r.yaml:4:1: YAML syntax error: found the start of the next item (while scanning a quoted scalar at line 3, column 12)",
             "r.yaml:7:13: YAML syntax error: mapping values are not allowed in this context; a value that starts with '\"', '[', '{', '@' or '`', or holds ': ', is quoted whole: query: 'y: z'",
             "r.yaml:9:12: rule 'd': 'AND' needs a clause on its left; put a word or phrase before it"),
        // A key written twice parses: what it keeps from being checked waits until it is fixed, not "until it parses".
        Case("a key written twice in an entity",
             "entities:\n  - name: Acme\n    type: ORG\n    type: ORG\nrules:\n  - id: g\n    query: titel:x\n",
             "r.yaml:4:5: duplicate key 'type' (first at line 3); keep one of them; until it is fixed, rules are not checked for unknown entities",
             "r.yaml:7:12: rule 'g': unknown field 'titel:'; did you mean 'title:'?"),
        // Item c is correct: its anchor is in item a, which is read apart from it.
        Case("an alias to an anchor in another item",
             "rules:\n  - id: a\n    query: x\n    sinks: &desk [alert-log]\n  - id: b\n    query: 'y\n  - id: c\n    query: titel:z\n    sinks: *desk\n",
             "r.yaml:7:1: YAML syntax error: found the start of the next item (while scanning a quoted scalar at line 6, column 12)",
             "r.yaml:9:12: item not checked: its alias *desk refers to an anchor in another item; it is checked once the file's other errors are fixed"),
        Case("an alias to an anchor in another item, CRLF line ends",
             "rules:\n  - id: a\n    query: x\n    sinks: &desk [alert-log]\n  - id: b\n    query: 'y\n  - id: c\n    query: titel:z\n    sinks: *desk\n"
                .replacingOccurrences(of: "\n", with: "\r\n"),
             "r.yaml:7:1: YAML syntax error: found the start of the next item (while scanning a quoted scalar at line 6, column 12)",
             "r.yaml:9:12: item not checked: its alias *desk refers to an anchor in another item; it is checked once the file's other errors are fixed"),
        // Entity Acme2 is not read: a rule naming it is not reported as naming an unknown entity.
        Case("an entity with an alias to an anchor in another item",
             "entities:\n  - name: Acme\n    aliases: &a [Acme Corp]\n  - name: Bob\n    aliases: 'x\n  - name: Acme2\n    aliases: *a\nrules:\n  - id: r\n    query: entity:Acme2\n",
             "r.yaml:6:1: YAML syntax error: found the start of the next item (while scanning a quoted scalar at line 5, column 14); until it parses, rules are not checked for unknown entities",
             "r.yaml:7:14: item not checked: its alias *a refers to an anchor in another item; it is checked once the file's other errors are fixed; until it parses, rules are not checked for unknown entities"),
        Case("an alias to no anchor",
             "rules:\n  - id: b\n    query: 'y\n  - id: c\n    query: z\n    sinks: *desk\n",
             "r.yaml:4:1: YAML syntax error: found the start of the next item (while scanning a quoted scalar at line 3, column 12)",
             "r.yaml:6:12: YAML syntax error: found undefined alias"),
        // As `cat a.yaml b.yaml` makes: the first section is read, as libyaml would have the operator keep one.
        Case("a section written twice",
             "rules:\n  - id: a\n    query: 'x\n  - id: b\n    query: titel:y\nrules:\n  - id: c\n    query: titel:z\n",
             "r.yaml:4:1: YAML syntax error: found the start of the next item (while scanning a quoted scalar at line 3, column 12)",
             "r.yaml:5:12: rule 'b': unknown field 'titel:'; did you mean 'title:'?",
             "r.yaml:6:1: duplicate key 'rules' (first at line 1); keep one of them"),
        // libyaml's reader refuses the whole text; a piece's offset would count from the piece.
        Case("a control character is reported at its byte in the file",
             "rules:\n  - id: a\n    query: x\n  - id: b\n    query: \u{1B}[1mDeepSeek\n",
             "r.yaml:5:12: YAML cannot be read: control characters are not allowed (U+001B); until it parses, rules are not checked for unknown entities or topics"),
        // Windows-1252's quotes converted as Latin-1 are C1 control characters: what to convert instead is said.
        Case("a Windows-1252 quote converted as Latin-1",
             "rules:\n  - id: a\n    query: x\n  - id: b\n    query: Zürich \u{93}export controls\u{94}\n",
             "r.yaml:5:19: YAML cannot be read: control characters are not allowed (U+0093); a file in Windows-1252 was converted as Latin-1: convert the original with iconv -f windows-1252 -t utf-8; until it parses, rules are not checked for unknown entities or topics"),
    ]

    @Test(arguments: SyntaxErrorRecoveryTests.cases)
    func everyErrorIsReported(_ c: Case) {
        let result = RuleBook.compile([RuleFile(path: "r.yaml", text: c.yaml)], base: RuleTestSupport.knowledge, sinks: ["alert-log"])
        guard case .failure(let d) = result else { Issue.record("\(c.name): the file was accepted"); return }
        #expect(d.items.map(\.description) == c.expected, "\(c.name)")
    }

    /// The problems of rule files a.yaml and b.yaml compiled together; nil when they compile.
    private func problems(a: String, b: String) -> [String]? {
        let files = [RuleFile(path: "a.yaml", text: a), RuleFile(path: "b.yaml", text: b)]
        guard case .failure(let d) = RuleBook.compile(files, base: RuleTestSupport.knowledge, sinks: []) else { return nil }
        return d.items.map(\.description)
    }

    /// Entities are shared by all rule files: one that does not parse silences unknown entities in the others too,
    /// and only those: an unknown topic is still reported.
    @Test func anEntityThatDoesNotParseIsNotReportedAsUnknownInOtherFiles() {
        #expect(problems(a: "entities:\n  - name: Acme\n\ttype: ORG\n", b: "rules:\n  - id: r\n    query: entity:Acme AND topic:nope\n") == [
            "a.yaml:3:1: YAML syntax error: found a tab character that violates indentation (while scanning a plain scalar at line 2, column 11); indent with spaces, not tabs; until it parses, rules are not checked for unknown entities",
            "b.yaml:3:34: rule 'r': unknown topic 'nope'; define it under 'topics:' in a rule file",
        ])
    }

    /// When no piece fails on its own, nothing of the file is read: its entities and topics are not known either.
    @Test func aFileThatOnlyFailsWholeHidesItsDefinitions() {
        #expect(problems(a: "entities:\n  - name: Acme\ntopics:\n  - id: harbours\n    terms: [port]\nrules: x\n  - id: a\n",
                         b: "rules:\n  - id: r\n    query: entity:Acme AND topic:harbours\n") == [
            "a.yaml:7:7: YAML syntax error: mapping values are not allowed in this context; until it parses, rules are not checked for unknown entities or topics",
        ])
    }

    /// A file without a syntax error is read as one document, as before.
    @Test func aGoodFileHasNoSyntaxError() throws {
        let book = try RuleBook.compile([RuleFile(path: "r.yaml", text: Self.threeRules("    query: x", at: 0).replacingOccurrences(of: "titel:x", with: "x")
            .replacingOccurrences(of: "alert-logs", with: "alert-log").replacingOccurrences(of: "DeepSeek AND", with: "DeepSeek"))],
                                        base: RuleTestSupport.knowledge, sinks: ["alert-log"]).get()
        #expect(book.rules.map(\.id) == ["first", "middle", "last"])
    }
}
