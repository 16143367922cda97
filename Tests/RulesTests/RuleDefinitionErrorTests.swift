import Analysis
import Rules
import Testing
import WirewatchCore

/// The entities and topics rule files define: a term the analysis would
/// silently drop or read otherwise, and a name or id defined twice (the
/// second quietly won or was merged), are errors with their position.
@Suite struct RuleDefinitionErrorTests {
    func errors(_ files: [(String, String)]) -> [String] {
        switch RuleBook.compile(files.map { RuleFile(path: $0.0, text: $0.1) }, base: RuleTestSupport.knowledge, sinks: []) {
        case .success: return []
        case .failure(let d): return d.items.map(\.description)
        }
    }

    @Test(arguments: [
        ("'*'", "t.yaml:3:13: topic 'harbours': term '*' has no words to match; letters or digits make words"),
        ("'\"\"'", "t.yaml:3:13: topic 'harbours': term '\"\"' has no words to match; letters or digits make words"),
        ("'h*'", "t.yaml:3:13: topic 'harbours': term 'h*' would match nearly everything; put at least 2 letters before '*'"),
        ("'port auth*rity'", "t.yaml:3:13: topic 'harbours': term 'port auth*rity': a '*' goes only at the end of a term, as in 'harbo*'"),
    ])
    func badTopicTerm(_ term: String, _ expected: String) {
        #expect(errors([("t.yaml", "topics:\n  - id: harbours\n    terms: [\(term), harbour]\n")]) == [expected])
    }

    @Test func entityNameOrAliasWithoutWords() {
        let yaml = "entities:\n  - name: Acme\n    aliases: [\"\", Acme Corp, \"...\"]\n  - name: \"***\"\n"
        #expect(errors([("e.yaml", yaml)]) == [
            "e.yaml:3:15: entity 'Acme': alias '' has no words to match; letters or digits make words",
            "e.yaml:3:30: entity 'Acme': alias '...' has no words to match; letters or digits make words",
            "e.yaml:4:11: entity '***': name '***' has no words to match; letters or digits make words",
        ])
    }

    /// trial4 finding 35: an alias of common words or one letter written in lower case would be found in nearly every
    /// article, and a `*` in a name is no wildcard; names written with a capital match only capitalised text, and many
    /// real names are common words or one letter ("Next", "Three", "X"; review of s27, 4).
    @Test func entityAliasThatNamesNothing() {
        let yaml = "entities:\n  - name: Foo Corp\n    aliases: [\"Foo*\", f, the, The, \"of the\", AI, IT, X, Next, The Economist, Home Office]\n  - name: new\n"
        #expect(errors([("e.yaml", yaml)]) == [
            "e.yaml:3:15: entity 'Foo Corp': alias 'Foo*': a name is matched whole, so '*' is no wildcard in it; list each spelling as an alias",
            "e.yaml:3:23: entity 'Foo Corp': alias 'f' is one lower-case letter and would be found in nearly every article; write the name as articles spell it",
            "e.yaml:3:26: entity 'Foo Corp': alias 'the' is only common words, in lower case, and would be found in nearly every article; write the name as articles spell it",
            "e.yaml:3:36: entity 'Foo Corp': alias 'of the' is only common words, in lower case, and would be found in nearly every article; write the name as articles spell it",
            "e.yaml:4:11: entity 'new': name 'new' is only common words, in lower case, and would be found in nearly every article; write the name as articles spell it",
        ])
    }

    /// Two letters before a topic term's `*` are enough, as the shipped taxonomy's "EV*" has.
    @Test func goodTopicTermsPass() {
        #expect(errors([("t.yaml", "topics:\n  - id: harbours\n    terms: [harbo*, \"port authority\", \"container ship*\", EV*]\n")]) == [])
    }

    /// trial4 finding 15: a topic copied from Config/taxonomy.yaml, with its `{term, weight}` entries, reads as it did there.
    @Test func weightedTopicTerms() {
        let yaml = "topics:\n  - id: harbours\n    terms: [{term: \"port authority\", weight: 2.5}, harbour, {term: harbo*}]\n"
        #expect(errors([("t.yaml", yaml)]) == [])
        #expect(RuleFile(path: "t.yaml", text: yaml).topics.first?.terms == [.init("port authority", weight: 2.5), .init("harbour"), .init("harbo*")])
    }

    /// A rule file's topic takes the taxonomy's near terms and `unless` phrases (trial5 findings 12, 13).
    @Test func nearTermsAndUnlessPhrases() {
        let yaml = "topics:\n  - id: harbours\n    terms: [{near: [[port*], [strike*]], within: 2, weight: 2}, {term: dock*, unless: [dockyard]}]\n"
        #expect(errors([("t.yaml", yaml)]) == [])
        #expect(RuleFile(path: "t.yaml", text: yaml).topics.first?.terms == [
            .init(near: [["port*"], ["strike*"]], within: 2, weight: 2), .init("dock*", unless: ["dockyard"]),
        ])
    }

    @Test(arguments: [
        ("{near: [[port]]}", "t.yaml:3:20: 'near' in topic 'harbours' must be two lists of words, as in near: [[curb*, ban*], [export*]] (got 1)"),
        ("{near: [[port], []]}", "t.yaml:3:29: a side of 'near' in topic 'harbours' needs at least one word"),
        ("{near: [[port], [dock]], within: 50}", "t.yaml:3:46: 'within' in a term of topic 'harbours' must be between 0 and 10"),
        ("{term: port, within: 2}", "t.yaml:3:34: 'within' in a term of topic 'harbours' belongs with 'near'"),
        ("{term: port, near: [[a], [b]]}", "t.yaml:3:32: a term of topic 'harbours' has 'term' or 'near', not both"),
    ])
    func badNearTerm(_ term: String, _ expected: String) {
        #expect(errors([("t.yaml", "topics:\n  - id: harbours\n    terms: [\(term)]\n")]) == [expected])
    }

    @Test(arguments: [
        ("{term: port, weight: heavy}", "t.yaml:3:34: topic 'harbours': the weight of term 'port' must be a number above 0 and at most 10 (got 'heavy'); the shipped taxonomy weighs terms 0.5 to 2.5"),
        ("{term: port, weight: -1}", "t.yaml:3:34: topic 'harbours': the weight of term 'port' must be a number above 0 and at most 10 (got '-1'); the shipped taxonomy weighs terms 0.5 to 2.5"),
        ("{term: port, wieght: 2}", "t.yaml:3:26: unknown key 'wieght' in a term of topic 'harbours'; did you mean 'weight'?"),
        ("{term: 'h*', weight: 2}", "t.yaml:3:20: topic 'harbours': term 'h*' would match nearly everything; put at least 2 letters before '*'"),
        ("{weight: 2}", "t.yaml:3:14: a term of topic 'harbours' needs 'term'"),
        ("[port]", "t.yaml:3:13: 'terms' in topic 'harbours' must list terms, each a string or {term: \"…\", weight: 2}"),
    ])
    func badWeightedTerm(_ term: String, _ expected: String) {
        #expect(errors([("t.yaml", "topics:\n  - id: harbours\n    terms: [\(term), harbour]\n")]) == [expected])
    }

    /// trial5 finding 43: a rule file's `type` for an entity the gazetteer has was quietly overruled (China written as
    /// a PERSON stayed a place); the same type, or none, adds aliases as before.
    @Test func aTypeTheGazetteerOverrules() {
        let yaml = "entities:\n  - name: China\n    type: PERSON\n    aliases: [China Smith]\n  - name: DeepSeek\n    type: ORG\n    aliases: [DS AI]\n  - name: United States\n    aliases: [the States]\n"
        #expect(errors([("e.yaml", yaml)]) == [
            "e.yaml:3:11: entity 'China': the gazetteer has 'China' as LOC, and a rule file adds aliases to it without changing its type, "
                + "so type PERSON would be ignored; leave 'type' out to add aliases, or give your PERSON another name",
        ])
    }

    /// A rule file's topic reads the taxonomy's near phrases in `unless` (the senses builder's report: they were
    /// refused as "must be a single value"), with the same checks.
    @Test func unlessTakesNearPhrasesAsTheTaxonomyDoes() {
        let yaml = "topics:\n  - id: hacking\n    terms: [{term: hack*, unless: [\"life hack\", {near: [[golf*], [swing]], within: 4}]}]\n"
        let file = RuleFile(path: "t.yaml", text: yaml)
        #expect(errors([("t.yaml", yaml)]) == [])
        #expect(file.topics.first?.terms.first?.unlessNear == [.init([["golf*"], ["swing"]], within: 4)])
        #expect(file.topics.first?.terms.first?.unless == ["life hack"])
        let bad = "topics:\n  - id: hacking\n    terms: [{term: hack*, unless: [{near: [[golf*]]}, {within: 2}]}]\n"
        #expect(errors([("t.yaml", bad)]) == [
            "t.yaml:3:43: 'near' in topic 'hacking' must be two lists of words, as in near: [[curb*, ban*], [export*]] (got 1)",
            "t.yaml:3:55: an 'unless' of topic 'hacking' needs 'near'",
        ])
    }

    /// trial7 finding N21: YAML merge keys bring a rule's defaults in, its own keys winning; a merged key that is
    /// no rule's is reported where the merged mapping writes it.
    @Test func mergeKeysBringDefaults() {
        let yaml = "rules:\n  - &d {id: a, query: DeepSeek, severity: high}\n  - {<<: *d, id: b, query: OpenAI}\n  - {<<: [*d], id: c, query: Nvidia, severity: low}\n"
        let file = RuleFile(path: "r.yaml", text: yaml)
        #expect(file.diagnostics.isEmpty)
        #expect(file.rules.map { "\($0.id) \($0.query) \($0.severity)" } == ["a DeepSeek high", "b OpenAI high", "c Nvidia low"])
        let bad = RuleFile(path: "r.yaml", text: "rules:\n  - &d {id: a, query: x, sevrity: high}\n  - {<<: *d, id: b, query: y}\n  - {<<: 5, id: c, query: z}\n")
        #expect(bad.diagnostics.map(\.description) == [
            "r.yaml:2:26: unknown key 'sevrity' in a rule; did you mean 'severity'?",
            "r.yaml:4:10: '<<' in a rule must name a mapping to merge, as in <<: *defaults",
        ])
    }

    @Test func topicDefinedTwice() {
        let a = ("a.yaml", "topics:\n  - id: harbours\n    terms: [harbour]\n")
        let b = ("b.yaml", "topics:\n  - id: harbours\n    terms: [port]\n")
        #expect(errors([a, b]) == ["b.yaml:2:5: topic 'harbours' is defined twice (first defined at a.yaml:2); define it once, with all its terms"])
    }

    @Test func entityDefinedTwice() {
        let yaml = "entities:\n  - name: Acme\n    type: ORG\n  - name: ACME\n    type: PERSON\n"
        #expect(errors([("e.yaml", yaml)]) == ["e.yaml:4:5: entity 'ACME' is defined twice (first defined at e.yaml:2); define it once, with all its aliases"])
    }

    /// A rule file may still extend the shipped gazetteer and taxonomy, once.
    @Test func extendingShippedKnowledgeIsFine() {
        #expect(errors([("e.yaml", "entities:\n  - name: DeepSeek\n    aliases: [DS]\ntopics:\n  - id: export-controls\n    terms: [sanctions]\n")]) == [])
    }
}
