import Testing
import WirewatchCore
import YAMLFiles
import Yams

/// Reading a file that does not parse item by item: the items that parse are
/// the nodes a whole parse would give, at the same lines and columns.
struct YAMLRecoveryTests {
    /// Every scalar of the tree with where it was written, in order.
    private func scalars(_ node: Node?) -> [String] {
        switch node {
        case .scalar(let s)?: return ["\(s.string)@\(s.mark?.line ?? 0):\(s.mark?.column ?? 0)"]
        case .mapping(let m)?: return m.flatMap { scalars($0.key) + scalars($0.value) }
        case .sequence(let s)?: return s.flatMap { scalars($0) }
        default: return []
        }
    }

    private let good = """
        # rules of the desk
        entities:
          - name: Acme
            aliases: [Acme Corp, "ACME"]
        rules:
          - id: a
            query: 'x AND y'
          - id: b
            query: >
              folded
              query
          - id: c
            sinks: [alert-log]
        """

    @Test func theItemsThatParseKeepTheirPlaces() throws {
        let broken = good.replacingOccurrences(of: "  - id: b\n", with: "  - id: b\n\tsinks: x\n")
        let recovery = try #require(YAMLFile.recover(path: "r.yaml", text: broken))
        #expect(recovery.errors.map { $0.section } == ["rules"])
        #expect(recovery.errors.map { $0.diagnostic.description } == [
            "r.yaml:9:1: YAML syntax error: found a tab character that violates indentation (while scanning a plain scalar at line 8, column 9); indent with spaces, not tabs",
        ])
        // Item b is gone; everything else is where the whole file has it, lines after b one further down.
        let whole = try YAMLFile(path: "r.yaml", text: good)
        var expected = scalars(whole.root).filter { !$0.hasPrefix("b@") && !$0.hasPrefix("id@8") && !$0.hasPrefix("query@9") && !$0.hasPrefix("folded") }
        expected = expected.map { s in
            let parts = s.split(separator: "@")
            let pos = parts[1].split(separator: ":").map { Int($0)! }
            return pos[0] >= 12 ? "\(parts[0])@\(pos[0] + 1):\(pos[1])" : s
        }
        #expect(scalars(recovery.file.root) == expected)
    }

    /// Two documents (`cat a.yaml b.yaml`): lists are checked together, a key that holds no list is a
    /// duplicate as in one document, where it was dropped without a word (review of querylang, 13).
    @Test func aSecondDocumentsScalarKeyIsADuplicate() throws {
        let two = "---\nstore: one.sqlite\nfeeds:\n  - url: a\n---\nstore: postgres://db/x\nfeeds:\n  - url: b\n"
        let recovery = try #require(YAMLFile.recover(path: "w.yaml", text: two))
        #expect(recovery.errors.map { $0.diagnostic.description } == ["w.yaml:6:1: duplicate key 'store' (first at line 2); keep one of them"])
        #expect(recovery.file.root?.mapping?["feeds"]?.sequence?.count == 2)
    }

    @Test func crlfLinesAndTheSectionKeys() throws {
        let broken = (good + "\n  - id: d\n    query: 'open\n").replacingOccurrences(of: "\n", with: "\r\n")
        let recovery = try #require(YAMLFile.recover(path: "r.yaml", text: broken))
        #expect(recovery.errors.map { $0.diagnostic.description } == [
            "r.yaml:16:1: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar at line 15, column 12)",
        ])
        let keys = recovery.file.root?.mapping?.map { "\($0.key.string ?? "")@\($0.key.mark?.line ?? 0)" }
        #expect(keys == ["entities@2", "rules@5"])
        #expect(recovery.file.root?.mapping?["rules"]?.sequence?.count == 3)
    }

    /// A top-level line that is no `key: value` parses alone as a plain value: it is the error, not dropped.
    @Test func aTopLevelLineWithoutItsColonIsTheError() throws {
        for line in ["topics /srv/x", "topics:/srv/x"] {
            let recovery = try #require(YAMLFile.recover(path: "r.yaml", text: good.replacingOccurrences(of: "rules:\n", with: line + "\nrules:\n")))
            #expect(recovery.errors.map { $0.diagnostic.description } == [
                "r.yaml:5:1: YAML syntax error: a top-level line must be 'key: value' (a key, a colon and a space)",
            ], "\(line)")
        }
    }

    /// A flow list closed at the start of a line belongs to its section: only the real error is reported.
    @Test func aFlowListClosedAtTheLineStartStaysInItsSection() throws {
        let text = "entities: [\n  {name: Acme}\n]\nrules:\n  - id: a\n    query: 'open\n"
        let recovery = try #require(YAMLFile.recover(path: "r.yaml", text: text))
        #expect(recovery.errors.map { $0.diagnostic.description } == [
            "r.yaml:7:1: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar at line 6, column 12)",
        ])
        #expect(recovery.file.root?.mapping?["entities"]?.sequence?.count == 1)
    }

    /// When no piece fails on its own, recovery cannot tell where the error is.
    @Test func nothingToRecoverWhenThePiecesParse() {
        #expect(YAMLFile.recover(path: "r.yaml", text: "rules: x\n  - id: a\n") == nil)
    }
}
