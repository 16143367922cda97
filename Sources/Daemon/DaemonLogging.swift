import Foundation
import Logging

/// Logging for the daemon: stderr, one line per event with key=value metadata.
/// Under systemd (when `JOURNAL_STREAM` names our stderr) each line starts with
/// its syslog priority, `<3>` … `<7>`, so the journal files it at the right level
/// and adds the timestamp itself; by hand, lines carry a timestamp and level word.
public enum DaemonLogging {
    /// `levelName` (or `$WIREWATCH_LOG_LEVEL`, or info) sets the least severe level written.
    public static func bootstrap(levelName: String? = nil,
                                 environment: [String: String] = ProcessInfo.processInfo.environment) -> Logger {
        let level = (levelName ?? environment["WIREWATCH_LOG_LEVEL"]).flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
        let journal = JournalStream.isStandardError(environment["JOURNAL_STREAM"])
        LoggingSystem.bootstrap { label in
            var h = LineLogHandler(label: label, journal: journal)
            h.logLevel = level
            return h
        }
        return Logger(label: "wirewatch")
    }
}

extension DaemonLogging {
    public static func isLevel(_ name: String) -> Bool { Logger.Level(rawValue: name.lowercased()) != nil }

    /// What is wrong with a log level given by `--log-level` (`levelName`) or, without it, by `$WIREWATCH_LOG_LEVEL`
    /// (the unit's `Environment=`, where a typo was run at info without a word); nil when nothing is. `run` refuses
    /// to start on it, and `check` (the unit's ExecStartPre) refuses it too (exploratory finding of stop 33).
    public static func levelProblem(levelName: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let expected = "expected one of " + Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
        if let levelName {
            return isLevel(levelName) ? nil : "unknown log level '\(levelName)'; \(expected)"
        }
        guard let level = environment["WIREWATCH_LOG_LEVEL"], !level.isEmpty, !isLevel(level) else { return nil }
        return "WIREWATCH_LOG_LEVEL: unknown log level '\(level)'; \(expected)"
    }
}

/// Whether `JOURNAL_STREAM` ("device:inode") describes the file behind stderr.
enum JournalStream {
    static func isStandardError(_ value: String?) -> Bool {
        guard let parts = value?.split(separator: ":"), parts.count == 2,
              let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var st = stat()
        guard fstat(STDERR_FILENO, &st) == 0 else { return false }
        return UInt64(st.st_dev) == device && UInt64(st.st_ino) == inode
    }
}

/// Writes each event as one line to stderr.
struct LineLogHandler: LogHandler {
    let label: String
    let journal: Bool
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { $1 } }
        if let m = event.metadata { all.merge(m) { $1 } }
        let line = LogLine.format(level: event.level, message: "\(event.message)", metadata: all, journal: journal, now: Date())
        let bytes = Array((line + "\n").utf8)
        // One write per line, so lines from concurrent tasks never interleave.
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(STDERR_FILENO, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
    }
}

/// The text of one log line. Pure, for tests.
enum LogLine {
    static func format(level: Logger.Level, message: String, metadata: Logger.Metadata, journal: Bool, now: Date) -> String {
        var line = journal ? "<\(priority(level))>" : "\(timestamp(now)) \(level.rawValue) "
        line += escape(message)
        for key in metadata.keys.sorted() {
            line += " \(key)=\(quote("\(metadata[key]!)"))"
        }
        return line
    }

    /// syslog priorities, as sd-daemon(3) prefixes expect them.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    /// A value with spaces, quotes or '=' is quoted, so `key=value` pairs stay parseable.
    static func quote(_ value: String) -> String {
        let plain = !value.isEmpty && !value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline || $0 == "\t" }
        if plain { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"" + escape(escaped) + "\""
    }

    /// Newlines would split one event over several journal entries.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
