import ArgumentParser
import Daemon
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate the configuration and every rule file; print every problem found.")

    @OptionGroup var options: ConfigOption
    @Flag(help: "Print the result as JSON.") var json = false

    func run() throws {
        switch WatchSetup.load(configPath: options.config) {
        case .failure(let d):
            if json {
                let items: [[String: Any]] = d.items.map { ["file": $0.file, "line": $0.line, "column": $0.column, "message": $0.message] }
                print(String(decoding: try JSONSerialization.data(withJSONObject: ["ok": false, "errors": items], options: [.sortedKeys]), as: UTF8.self))
                throw ExitCode(1)
            }
            throw fail(d.description)
        case .success(let s):
            if json {
                let summary: [String: Any] = ["ok": true, "feeds": s.config.feeds.count, "rules": s.rules.rules.count,
                                              "sinks": s.config.sinks.count, "rule_files": s.ruleFiles]
                print(String(decoding: try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys]), as: UTF8.self))
            } else {
                print("\(options.config): OK — \(s.config.feeds.count) feeds, \(s.rules.rules.count) rules in \(s.ruleFiles.count) files, \(s.config.sinks.count) sinks")
            }
        }
    }
}
