import ArgumentParser
import Daemon
import Foundation
import WirewatchCore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate the configuration and every rule file; print every problem found.")

    @OptionGroup var options: ConfigOption
    @Flag(help: "Print the result as JSON.") var json = false

    func run() throws {
        var loaded = WatchSetup.load(configPath: options.config)
        if case .success = loaded {
            let unwritable = WatchSetup.unwritablePlaces(configPath: options.config)
            if !unwritable.problems.isEmpty { loaded = .failure(Diagnostics(unwritable.problems)) }
            // Said, not refused: the daemon's user (the unit runs check as it) may have the permission this one lacks.
            for d in unwritable.permission where !json {
                FileHandle.standardError.write(Data("\(d) (as \(NSUserName()); fine if the daemon runs as a user that may)\n".utf8))
            }
        }
        switch loaded {
        case .failure(let d):
            if json {
                struct Problem: Encodable { var file: String; var line: Int; var column: Int; var message: String }
                struct Failed: Encodable { var ok = false; var errors: [Problem] }
                try printJSON(Failed(errors: d.items.map { Problem(file: $0.file, line: $0.line, column: $0.column, message: $0.message) }))
                throw ExitCode(1)
            }
            throw fail(d.description)
        case .success(let s):
            if json {
                struct Passed: Encodable {
                    var ok = true; var feeds: Int; var rules: Int; var sinks: Int; var rule_files: [String]
                }
                try printJSON(Passed(feeds: s.config.feeds.count, rules: s.rules.rules.count, sinks: s.config.sinks.count,
                                     rule_files: s.ruleFiles))
            } else {
                func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
                let disabled = s.rules.rules.count { !$0.enabled }
                print("\(options.config): OK — \(count(s.config.feeds.count, "feed")), \(count(s.rules.rules.count, "rule"))"
                      + (disabled > 0 ? " (\(disabled) disabled)" : "")
                      + " in \(count(s.ruleFiles.count, "file")), \(count(s.config.sinks.count, "sink"))")
            }
        }
    }
}
