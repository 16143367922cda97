import Foundation
import Testing

/// A broken installation: a `wirewatch.yaml`, its rule files, and the exact
/// lines `wirewatch check` must print. In `config`, `rules` and `expected`,
/// `$DATA` stands for the shipped analysis data; in `expected`, `$CONFIG` for
/// the config file's path, `$RULES` for the rules directory and `$DIR` for
/// the directory holding both.
struct BrokenConfig: Sendable, CustomTestStringConvertible {
    var name: String
    var config: String
    var rules: [String: String]
    var expected: [String]
    var testDescription: String { name }

    init(_ name: String, config: String = BrokenConfig.goodConfig, rules: [String: String] = ["rules.yaml": BrokenConfig.goodRules],
         _ expected: String...) {
        self.name = name
        self.config = config
        self.rules = rules
        self.expected = expected
    }

    /// A minimal good installation that each case breaks in one place.
    static let goodConfig = """
        store: var/state.sqlite
        data: $DATA
        rules: rules.d
        feeds:
          - id: world
            url: http://127.0.0.1:9/world.xml
        sinks:
          - id: alert-log
            type: alert-log
            path: var/alerts.jsonl

        """

    static let goodRules = """
        rules:
          - id: r1
            query: DeepSeek

        """

    /// `goodConfig` with its `feeds:` list replaced.
    static func config(feeds: String) -> String {
        goodConfig.replacingOccurrences(of: "  - id: world\n    url: http://127.0.0.1:9/world.xml\n", with: feeds)
    }

    /// `goodConfig` with `sinks` appended to its sink list.
    static func config(sinks: String) -> String { goodConfig + sinks }

    /// `goodConfig` with a top-level section added before `feeds:`, and its `feeds:` list replaced when given.
    static func config(section: String, feeds: String? = nil) -> String {
        (feeds.map(config(feeds:)) ?? goodConfig).replacingOccurrences(of: "feeds:\n", with: section + "feeds:\n")
    }

    static func rules(_ text: String) -> [String: String] { ["rules.yaml": text] }
}
