import Testing
import WirewatchCore
import Yams
@testable import YAMLFiles

/// Reading operator YAML without Yams' implicit typing (`YAMLFile` composes
/// with the basic resolver) and with keys looked up by their text
/// (`YAMLMapping`): values read exactly as before, every problem still
/// names its line and column.
struct YAMLReaderTests {
    private func reader(_ text: String) throws -> (YAMLReader, YAMLMapping?) {
        let file = try YAMLFile(path: "f.yaml", text: text)
        let r = YAMLReader(file)
        return (r, r.fields(file.root, what: "a rule", allowed: ["id", "query", "enabled", "limit", "sinks", "window"]))
    }

    @Test func scalarsReadAsWritten() throws {
        let (r, m) = try reader("id: 0x10\nquery: null\nenabled: yes\nlimit: 0x10\nsinks: [1.5, ~, 'no']\nwindow: 90s\n")
        #expect(r.string(m, "id", what: "a rule") == "0x10")
        #expect(r.string(m, "query", what: "a rule") == "null")
        #expect(r.bool(m, "enabled", what: "a rule") == true)
        #expect(r.int(m, "limit", what: "a rule") == 16)
        #expect(r.strings(m, "sinks", what: "a rule") == ["1.5", "~", "no"])
        #expect(r.duration(m, "window", what: "a rule") == 90)
        #expect(r.diagnostics.isEmpty)
    }

    @Test func quotedBooleanIsNotABoolean() throws {
        let (r, m) = try reader("enabled: 'yes'\n")
        #expect(r.bool(m, "enabled", what: "rule 'a'") == nil)
        #expect(r.diagnostics.map(\.description) == ["f.yaml:1:10: 'enabled' in rule 'a' must be true or false (got 'yes' in quotes; write it without them)"])
    }

    @Test func lookupsAgreeWithYams() throws {
        let text = "id: a\nquery: \"x\"\n'enabled': false\n"
        let (_, m) = try reader(text)
        let yams = try #require(try YAMLFile(path: "f.yaml", text: text).root?.mapping)
        for key in ["id", "query", "enabled", "limit"] {
            #expect(m?[key] == yams[key], "\(key)")
        }
        #expect(m?.firstKeyNode?.mark?.line == 1)
    }

    @Test func missingKeyIsReportedAtTheMappingsFirstKey() throws {
        let (r, m) = try reader("\n  query: x\n")
        #expect(r.string(m, "id", what: "a rule", required: true) == nil)
        #expect(r.diagnostics.map(\.description) == ["f.yaml:2:3: a rule needs 'id'"])
    }

    @Test func missingKeyOfAnEmptyMappingIsReportedAtTheMapping() throws {
        let (r, m) = try reader("\n  {}\n")
        #expect(r.string(m, "id", what: "a rule", required: true) == nil)
        #expect(r.diagnostics.map(\.description) == ["f.yaml:2:3: a rule needs 'id'"])
    }

    /// The item is reported once, where it is, as not a mapping; not again, at 1:1, for lacking a key.
    @Test func anItemThatIsNoMappingIsNotAlsoMissingItsKeys() throws {
        let (r, m) = try reader("\n  - x\n")
        #expect(m == nil)
        #expect(r.string(m, "id", what: "a rule", required: true) == nil)
        #expect(r.diagnostics.map(\.description) == ["f.yaml:2:3: a rule must be a mapping (key: value)"])
    }

    @Test func unknownKeyNamesItsPositionAndTheNearestKey() throws {
        let (r, _) = try reader("id: a\nqeury: x\n")
        #expect(r.diagnostics.map(\.description) == ["f.yaml:2:1: unknown key 'qeury' in a rule; did you mean 'query'?"])
    }

    @Test func duplicateKeyIsStillAnError() {
        let error = #expect(throws: Diagnostic.self) { try YAMLFile(path: "f.yaml", text: "rules:\n  - id: a\n    id: b\n") }
        #expect(error?.description == "f.yaml:3:5: duplicate key 'id' (first at line 2); keep one of them")
    }

    /// The second occurrence is the one to look at, whatever the nesting.
    @Test func duplicateKeyPointsAtTheSecondOccurrence() {
        let text = "rules:\n  - id: a\n    query: x\n    sinks:\n      - query\n    query: y\n  - id: b\n    query: z\n"
        let error = #expect(throws: Diagnostic.self) { try YAMLFile(path: "f.yaml", text: text) }
        #expect(error?.description == "f.yaml:6:5: duplicate key 'query' (first at line 3); keep one of them")
    }

    @Test func tabIndentationSaysToUseSpaces() {
        let error = #expect(throws: Diagnostic.self) { try YAMLFile(path: "f.yaml", text: "rules:\n  - id: a\n\tquery: x\n") }
        #expect(error?.description.hasPrefix("f.yaml:3:1: YAML syntax error: found a tab character that violates indentation") == true, "got: \(String(describing: error))")
        #expect(error?.description.hasSuffix("; indent with spaces, not tabs") == true, "got: \(String(describing: error))")
    }

    /// A tab at the very start of a line is "a character that cannot start any token" to libyaml: the same hint.
    @Test func aTabThatStartsTheLineSaysToUseSpaces() {
        let error = #expect(throws: Diagnostic.self) { try YAMLFile(path: "f.yaml", text: "rules:\n\t- id: t1\n") }
        #expect(error?.description == "f.yaml:2:1: YAML syntax error: found character that cannot start any token "
                + "(while scanning for the next token at line 2, column 1); indent with spaces, not tabs", "got: \(String(describing: error))")
    }

    /// trial4 finding 32: a value YAML reads as something else gets the fix, the value quoted whole.
    @Test(arguments: [
        ("query: \"export controls\" AND China", "query: '\"export controls\" AND China'"),
        ("query: @DeepSeek", "query: '@DeepSeek'"),
        ("query: [DeepSeek] AND China", "query: '[DeepSeek] AND China'"),
        ("query: DeepSeek: the model's", "query: 'DeepSeek: the model''s'"),
    ])
    func valueToQuoteWhole(_ line: String, _ fix: String) {
        for ending in ["\n", "\r\n"] {
            let text = ["rules:", "  - id: a", "    \(line)", "    severity: high", ""].joined(separator: ending)
            let error = #expect(throws: Diagnostic.self) { try YAMLFile(path: "f.yaml", text: text) }
            #expect(error?.description.hasPrefix("f.yaml:3:") == true, "got: \(String(describing: error))")
            #expect(error?.description.hasSuffix("; a value that starts with '\"', '[', '{', '@' or '`', or holds ': ', is quoted whole: \(fix)") == true,
                    "got: \(String(describing: error))")
        }
    }

    @Test func notABooleanNamesWhatWasWritten() throws {
        let (r, m) = try reader("enabled: maybe\n")
        #expect(r.bool(m, "enabled", what: "rule 'a'") == nil)
        #expect(r.diagnostics.map(\.description) == ["f.yaml:1:10: 'enabled' in rule 'a' must be true or false (got 'maybe')"])
    }
}
