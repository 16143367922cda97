import ArgumentParser
import Daemon
import Foundation
import WirewatchCore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate the configuration and every rule file; print every problem found.",
        discussion: "With --rules PATH, the rule files checked are PATH's (a draft) instead of those in the config's 'rules:' directory.")

    @OptionGroup var options: ConfigOption
    @OptionGroup var rules: DraftRulesOption
    @Flag(help: "Print the result as JSON.") var json = false

    func run() throws {
        // The daemon this checks for would refuse to start on it.
        if let problem = DaemonLogging.levelProblem(levelName: nil) { throw fail(problem) }
        struct Problem: Encodable {
            var file: String; var line: Int; var column: Int; var message: String
            init(_ d: Diagnostic) { file = d.file; line = d.line; column = d.column; message = d.message }
        }
        struct Failed: Encodable { var ok = false; var errors: [Problem]; var notes: [Problem] }
        var draft: DraftRules?
        if let path = rules.path {
            do {
                draft = try DraftRules(path: path)
            } catch {
                guard json else { throw fail(error.description) }
                // With --json, a draft that cannot be tried is an error in the JSON, as a config that cannot is.
                try printJSON(Failed(errors: [Problem(Diagnostic(file: error.file, line: 1, column: 1, message: error.message))], notes: []))
                throw ExitCode(1)
            }
        }
        var loaded = WatchSetup.load(configPath: options.config, draft: draft)
        var notes: [Diagnostic] = []
        var homeFiles: [Diagnostic] = []
        /// Every line said without refusing, as standard error has it without --json: `notes` in the JSON
        /// (a hand-run `check --json` left out the secrets it could not read here).
        var said: [Diagnostic] = []
        func say(_ d: Diagnostic, _ why: String = "") {
            var line = d
            line.message += why
            said.append(line)
            if !json { FileHandle.standardError.write(Data("\(line)\n".utf8)) }
        }
        if case .success(let setup) = loaded {
            for d in setup.warnings { say(d) }
            let unwritable = setup.unwritablePlaces()
            // Under systemd (the unit's ExecStartPre) check has the daemon's environment and credentials, and a
            // secret it cannot read stops the start: refused. Run by hand, a shell has neither (no
            // $CREDENTIALS_DIRECTORY, no unit Environment=): said, not refused, or every config with a
            // credential: reference would fail the check an operator runs before a reload.
            let underSystemd = !(ProcessInfo.processInfo.environment["INVOCATION_ID"] ?? "").isEmpty
            // A value that is there and wrong is refused by hand too: it is the one being checked.
            let secrets = setup.unreadableSecrets()
            let wrong = setup.secretsHoldingNoFeedURL()
            let refused = (unwritable.problems + setup.unlistenableAdmin() + (underSystemd ? secrets : wrong)).inReadingOrder()
            if !refused.isEmpty { loaded = .failure(Diagnostics(refused)) }
            if !underSystemd {
                let wrongPlaces = Set(wrong.map(\.description))
                for d in secrets where !wrongPlaces.contains(d.description) { say(d, " (not here: fine if the daemon's unit provides it)") }
            }
            // Said, not refused: the daemon's user (the unit runs check as it) may have the permission this one lacks.
            notes = unwritable.permission
            for d in notes { say(d, " (as \(NSUserName()); fine if the daemon runs as a user that may)") }
            homeFiles = setup.libpqHomeFileNotes()
            for d in homeFiles { say(d) }
            // Said of a store the check does not refuse already (a read-only disk has no room either).
            if refused.isEmpty, let full = setup.storeRoomNote() { say(full) }
        }
        switch loaded {
        case .failure(let d):
            // A rule that compiles has its warnings said even when another rule's error refuses the files.
            for w in d.warnings { say(w) }
            if json {
                try printJSON(Failed(errors: d.items.map(Problem.init), notes: said.map(Problem.init)))
                throw ExitCode(1)
            }
            throw fail(d.description)
        case .success(let s):
            if json {
                struct Passed: Encodable {
                    var ok = true; var feeds: Int; var rules: Int; var disabled: Int; var sinks: Int; var rule_files: [String]
                    /// Files this user may not write (the daemon's user may): said, not refused.
                    var not_writable_by_this_user: [Problem]
                    /// libpq's files in this user's home that the store's TLS takes (the daemon's user may have others).
                    var libpq_home_files: [Problem]
                    /// Every line said without refusing, as on standard error without --json.
                    var notes: [Problem]
                }
                try printJSON(Passed(feeds: s.config.feeds.count, rules: s.rules.rules.count, disabled: s.rules.rules.count { !$0.enabled },
                                     sinks: s.config.sinks.count,
                                     rule_files: s.ruleFiles, not_writable_by_this_user: notes.map(Problem.init),
                                     libpq_home_files: homeFiles.map(Problem.init), notes: said.map(Problem.init)))
            } else {
                func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
                let disabled = s.rules.rules.count { !$0.enabled }
                print("\(options.config)\(draft.map { " with --rules \($0.path)" } ?? ""): OK — \(count(s.config.feeds.count, "feed")), \(count(s.rules.rules.count, "rule"))"
                      + (disabled > 0 ? " (\(disabled) disabled)" : "")
                      + " in \(count(s.ruleFiles.count, "file")), \(count(s.config.sinks.count, "sink"))"
                      + (s.rules.warnings.isEmpty ? "" : "; \(count(s.rules.warnings.count, "rule warning")) above"))
            }
        }
    }
}
