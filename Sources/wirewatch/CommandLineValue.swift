import ArgumentParser
import Foundation
import WirewatchCore
import YAMLFiles

/// The values commands take on their command line, read in one place so that every command says a
/// mistake in one the same way: each reader throws a `ValidationError`, which argument-parser prints
/// as `Error: …` followed by the command's usage and exits 64 (operations.md, "Commands: exit
/// status"). Call them from a command's `validate()`: thrown from `run()`, the usage printed would be
/// the top command's, not the one the operator typed.
enum CommandLineValue {
    /// `--since 7d`: a duration back from now. A bare number is refused: it is seconds in the config,
    /// but on a command line "7" means seven days as often as seven seconds.
    static func lookBack(_ option: String, _ text: String) throws -> TimeInterval {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if Double(trimmed) != nil {
            throw ValidationError("\(option) needs a unit, as in \(trimmed)d (days), \(trimmed)h (hours) or 90m (got '\(text)')")
        }
        guard let seconds = YAMLReader.parseDuration(trimmed) else {
            // `1000000d` is a duration, past the longest one taken: said as such, not as "not a duration".
            if YAMLReader.parseDuration(trimmed, bounded: false) != nil {
                throw ValidationError("\(option) is longer than the longest duration taken, \(Int(YAMLReader.longestDuration / 86400))d (got '\(text)')")
            }
            throw ValidationError("\(option) must be a duration such as 90m, 6h, 2d or a time such as 2026-11-29T08:00:00Z (got '\(text)')")
        }
        // `0m` is a duration, and looks back over nothing: said as such, not as "not a duration".
        guard seconds > 0 else { throw ValidationError("\(option) must look back some time, such as 90m, 6h or 2d (got '\(text)', which is none)") }
        return seconds
    }

    /// `--since`, where a time is taken too: `2026-11-29T08:00:00Z`, or a day (`2026-11-29`, from midnight UTC).
    static func since(_ option: String, _ text: String, now: Date) throws -> Date {
        if let date = ISO8601DateFormatter().date(from: text) ?? day(text) { return date }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if Double(trimmed) == nil, YAMLReader.parseDuration(trimmed, bounded: false) == nil {
            throw ValidationError("\(option) must be a duration such as 90m, 6h, 2d or a time such as 2026-11-29T08:00:00Z (got '\(text)')")
        }
        return now.addingTimeInterval(-(try lookBack(option, text)))
    }

    /// `--severity high`; a near miss is named.
    static func severity(_ option: String, _ text: String) throws -> Severity {
        if let s = Severity(rawValue: text.lowercased()) { return s }
        let names = Severity.allCases.map(\.rawValue)
        let near = YAMLReader.nearest(text.lowercased(), in: names).map { "; did you mean '\($0)'?" } ?? ""
        throw ValidationError("\(option) must be one of \(names.joined(separator: ", ")) (got '\(text)')\(near)")
    }

    /// `-n 3`: a count, 0 or more.
    static func count(_ option: String, _ n: Int, _ hint: String) throws {
        if n < 0 { throw ValidationError("\(option): a number, 0 or more (got \(n)); \(hint)") }
    }

    private static func day(_ s: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withFullDate]
        return f.date(from: s)
    }
}
