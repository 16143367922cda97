@testable import Daemon
import Testing
import YAMLFiles

/// A top-level key left out is said to be missing, or its default judged, at the key written nearest
/// where it belongs (the docs' order: store, data, rules, poll, feeds, sinks, daemon, admin), not at 1:1,
/// the file's first key, which said nothing of it.
@Suite struct LeftOutKeyPlacesTests {
    static let path = "/etc/wirewatch/wirewatch.yaml"

    @Test func noSinksIsSaidAtTheKeyBeforeWhereTheyBelong() {
        let text = "store: s.sqlite\ndata: d\nrules: r\nfeeds:\n  - url: http://127.0.0.1:9/a.xml\nadmin:\n  listen: 127.0.0.1:0\n"
        let reading = ConfigLoader.read(text: text, path: Self.path)
        #expect(reading.problems.map(\.description)
                == ["\(Self.path):4:1: the config needs a 'sinks' list: where alerts go (an alert-log, a webhook, …)"])
    }

    /// The default data and store are judged at the key nearest where `data` and `store` belong; `rules`,
    /// written, at its value.
    @Test func defaultsAreJudgedWhereTheirKeyBelongs() {
        let text = "feeds:\n  - url: http://127.0.0.1:9/a.xml\nsinks:\n  - id: a\n    type: alert-log\n    path: a.jsonl\nrules: r\n"
        let reading = ConfigLoader.read(text: text, path: Self.path)
        #expect(reading.problems.isEmpty, "\(reading.problems)")
        #expect(reading.dataAt == SourcePosition(line: 7, column: 1))
        #expect(reading.storeAt == SourcePosition(line: 7, column: 1))
        #expect(reading.rulesAt == SourcePosition(line: 7, column: 8))
        let written = ConfigLoader.read(text: "data: d\n" + text, path: Self.path)
        #expect(written.storeAt == SourcePosition(line: 1, column: 1) && written.dataAt == SourcePosition(line: 1, column: 7))
    }
}
