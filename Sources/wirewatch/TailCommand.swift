import ArgumentParser
import Daemon
import Delivery
import Foundation
import WirewatchCore
import YAMLFiles

struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail", abstract: "Follow the alert log, one readable line per alert (like tail -F).",
        discussion: "Colour is used when standard output is a terminal and NO_COLOR is not set.")

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable { case auto, always, never }

    @OptionGroup var options: ConfigOption
    @Option(help: "The alert log to read (default: the config's first alert-log sink).") var log: String?
    // Unconditional: `-n -3` reaches the check below, which says what is wrong, instead of "Missing value".
    @Option(name: .short, parsing: .unconditional, help: "Show this many alerts from history first (default 10; with --since, all since then).") var n: Int?
    @Option(name: .customLong("rule"), help: "Only this rule (repeatable; a trailing * matches a prefix).") var rules: [String] = []
    @Option(help: "Only alerts of at least this severity (info, low, medium, high, critical).") var severity: String?
    @Option(help: "Only alerts raised since then: a duration back from now (90m, 6h, 2d) or a time (2026-11-29T08:00:00Z).") var since: String?
    @Option(help: "Only alerts whose title, snippets, rule, feed or URL contain this text (case-insensitive).") var grep: String?
    @Flag(help: "Print the JSON lines as they are.") var json = false
    @Option(help: "auto, always or never.") var color: ColorChoice = .auto
    @Flag(name: .customLong("no-follow"), help: "Print history and exit.") var noFollow = false

    func validate() throws {
        if let n { try CommandLineValue.count("-n", n, "-n 3 shows the last three alerts") }
        if let severity { _ = try CommandLineValue.severity("--severity", severity) }
        if let since { _ = try CommandLineValue.since("--since", since, now: Date()) }
    }

    func run() async throws {
        // The config's log is read with its config. With --log, the config is read only to judge --rule, if it is there.
        let config = log == nil ? try configToRead(options.config)
            : rules.isEmpty ? nil : (try? ConfigLoader.loadToRead(path: options.config).get())?.config
        let path = try log ?? logPath(config)
        // A log this user may not read looked like an empty one: nothing printed, exit 0 (trial finding 23).
        if let why = unreadable(path) { throw fail("wirewatch: \(path): cannot be read: \(why) (as \(NSUserName()))") }
        let filter = try makeFilter(now: Date())
        let env = ProcessInfo.processInfo.environment
        let useColor = !json && (color == .always || (color == .auto && isatty(STDOUT_FILENO) == 1
            && (env["NO_COLOR"] ?? "").isEmpty && env["TERM"] != "dumb"))
        let follower = AlertLogFollower(path: path)
        // Before the history is read: the rotations from then on are counted, so that files rotated and
        // deleted between two looks are known to be lost, not passed over in silence (trial2 finding 15).
        let arrivals = noFollow ? nil : LogPathArrivals(path: path)
        let json = self.json
        let text: @Sendable (Data, AlertRecord) -> String = { line, r in
            json ? String(decoding: line, as: UTF8.self) : AlertLine.format(r, color: useColor)
        }
        let wanted = n ?? (since == nil ? 10 : Int.max)
        // Just after a rotation the log holds little: the history goes on into the file
        // rotated last, as the daemon's look at what the log holds does (alert-record.md). Read
        // again should the log rotate between the two reads: `.1` would be the file just read.
        var (history, place) = follower.history(last: wanted, filter: filter, arrivals: arrivals)
        var rotated: [(line: Data, record: AlertRecord)] = []
        for attempt in 1...5 where history.count < wanted {
            rotated = AlertLogFollower(path: path + ".1").history(last: wanted - history.count, filter: filter).alerts
            if place.isAt(path) || attempt == 5 { break }
            (history, place) = follower.history(last: wanted, filter: filter, arrivals: arrivals)
            rotated = []
        }
        for alert in rotated + history { print(text(alert.line, alert.record)) }
        fflush(nil)
        // Judged after the history: the log keeps the alerts of a rule renamed or removed since, and those are shown.
        try TailRules(patterns: rules, configPath: options.config).judge(config, logGiven: log != nil,
                                                                        shown: !(rotated.isEmpty && history.isEmpty))
        let missing = !FileManager.default.fileExists(atPath: path)
        if noFollow {
            // Said, so that a mistyped --log does not look like a quiet day.
            if missing, rotated.isEmpty { FileHandle.standardError.write(Data("wirewatch: \(path) does not exist (yet): no alerts to show\n".utf8)) }
            return
        }
        if missing {
            FileHandle.standardError.write(Data("wirewatch: waiting for \(path) to appear\n".utf8))
        }
        await follower.follow(from: place, arrivals: arrivals,
                              said: { FileHandle.standardError.write(Data("wirewatch: \($0)\n".utf8)) }) { line in
            guard let r = try? AlertRecord.decode(line: line), filter.accepts(r) else { return }
            print(text(line, r)); fflush(nil)
        }
    }

    private func logPath(_ config: DaemonConfig?) throws -> String {
        guard let p = config?.sinks.compactMap(\.alertLogPath).first else {
            throw fail("\(options.config): no alert-log sink is configured")
        }
        return p
    }

    /// The values were read once by `validate()`, which said any mistake in them.
    private func makeFilter(now: Date) throws -> AlertFilter {
        var filter = AlertFilter(rules: rules, grep: grep)
        if let severity { filter.minSeverity = try CommandLineValue.severity("--severity", severity) }
        if let since { filter.since = try CommandLineValue.since("--since", since, now: now) }
        return filter
    }
}
