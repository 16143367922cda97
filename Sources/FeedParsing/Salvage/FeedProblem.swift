import Foundation
import Markup

/// Something the parser had to repair, cut or ignore to read a feed. The
/// entries still come through; the operator should learn that the document
/// is damaged, and how (`ParsedFeed.problems`, most consequential first).
public enum FeedProblem: Sendable, Hashable, CustomStringConvertible {
    /// More entries than `ParseLimits.maxEntries`: `limit` of them are kept, the newest by date when
    /// they are dated (`EntryCap`). `found` is a lower bound when the document was cut before its end
    /// (`tooManyElements`).
    case tooManyEntries(found: Int, limit: Int, atLeast: Bool, kept: EntriesKept = .first)
    /// More elements than the tree builder builds: the rest of the document is skipped.
    case tooManyElements(limit: Int, skipped: Int)
    /// Elements nested deeper than the tree builder goes: skipped, with their text.
    case nestingTooDeep(limit: Int, skipped: Int)
    /// An element's text longer than the limit: the rest is dropped.
    case textCut(limit: Int, bytesDropped: Int)
    /// Runs of text without a space longer than the limit, each cut to it.
    case wordsCut(count: Int, limit: Int)
    /// Bytes not valid in the document's charset, read as `readAs` instead.
    case invalidBytes(count: Int, charset: String, readAs: String, firstOffset: Int)
    /// A charset named by the server or the document that is not known here; read as `readAs` instead.
    case unknownCharset(label: String, readAs: String)
    /// A one-byte charset named over bytes that are UTF-8 (`DocumentCharset.utf8(under:)`): read as UTF-8.
    case mislabelledCharset(label: String)
    /// Control characters XML forbids, dropped. Offsets count bytes of the document as UTF-8.
    case controlCharactersDropped(count: Int, firstByte: UInt8, firstOffset: Int, allNUL: Bool)
    /// libxml2 recovered from well-formedness errors; the first, and how many it reported (at most 20).
    /// `endsEarly`: the document ended with elements still open (cut short, as at a wrong Content-Length),
    /// whatever libxml2's words for where the cut fell (in text, in a start tag, in an end tag).
    case notWellFormed(line: Int, column: Int, message: String, errors: Int, endsEarly: Bool = false)
    /// A DOCTYPE declared entities: none is expanded, an external DTD or entity is never loaded.
    case declarationsIgnored(externalDTD: String?, entities: [IgnoredEntity])
    /// Entries that shared an id with another entry of the document but are other entries
    /// (another link; with no link, another title or date): each is read under the id its link
    /// (or title and date) gives. Entries of one id and one link stay one, however their titles differ.
    case sharedIDs(entries: Int, example: String)

    /// Which entries `tooManyEntries` kept.
    public enum EntriesKept: Sendable, Hashable {
        /// The first in document order: no entry has a date.
        case first
        /// The newest by date; `since` is the oldest date among them.
        case newest(since: Date)
    }

    public struct IgnoredEntity: Sendable, Hashable {
        public var name: String
        public var parameter: Bool
        /// The SYSTEM identifier of an external entity: a file or URL never read.
        public var systemID: String?
        public init(name: String, parameter: Bool = false, systemID: String? = nil) {
            self.name = name; self.parameter = parameter; self.systemID = systemID
        }
    }

    /// A short name for the kind, for metrics and logs.
    public var kind: String {
        switch self {
        case .tooManyEntries: "too-many-entries"
        case .tooManyElements: "too-many-elements"
        case .nestingTooDeep: "nesting-too-deep"
        case .textCut: "text-cut"
        case .wordsCut: "words-cut"
        case .invalidBytes: "invalid-bytes"
        case .unknownCharset: "unknown-charset"
        case .mislabelledCharset: "mislabelled-charset"
        case .controlCharactersDropped: "control-characters"
        case .notWellFormed: "not-well-formed"
        case .declarationsIgnored: "declarations-ignored"
        case .sharedIDs: "shared-ids"
        }
    }

    /// What a cut document's message says first: the same words wherever the cut fell.
    public static let endsEarly = "the document ends before its elements close;"

    public var description: String {
        switch self {
        case .tooManyEntries(let found, let limit, let atLeast, .first):
            return "\(atLeast ? "more than " : "")\(Self.grouped(found)) entries, only the first \(Self.grouped(limit)) read"
        case .tooManyEntries(let found, let limit, let atLeast, .newest(let since)):
            return "\(atLeast ? "more than " : "")\(Self.grouped(found)) entries, only the newest \(Self.grouped(limit)) by date read "
                + "(dated \(ISO8601DateFormatter().string(from: since)) or later)"
        case .tooManyElements(let limit, let skipped):
            return "more than \(Self.grouped(limit)) elements: \(Self.grouped(skipped)) after them skipped"
        case .nestingTooDeep(let limit, let skipped):
            return "elements nested deeper than \(limit) levels: \(Self.grouped(skipped)) skipped"
        case .textCut(let limit, let dropped):
            return "text longer than \(Self.grouped(limit)) bytes in one element: \(Self.grouped(dropped)) bytes cut"
        case .wordsCut(let count, let limit):
            return "\(Self.grouped(count)) \(count == 1 ? "word" : "words") (text without a space) longer than \(Self.grouped(limit)) bytes cut"
        case .invalidBytes(let count, let charset, let readAs, let first):
            return "\(Self.grouped(count)) \(count == 1 ? "byte" : "bytes") not valid \(charset) read as \(readAs) (first at byte \(first))"
        case .unknownCharset(let label, let readAs):
            // The server's words: a control character in them (an ESC sequence) is shown as its code, not sent to a terminal.
            let printable = TerminalText.replacingUnsafe(label) { $0.escaped(asASCII: true) }
            let shown = printable.count > 40 ? String(printable.prefix(40)) + "…" : printable
            return "unknown charset '\(shown)', read as \(readAs)"
        case .mislabelledCharset(let label):
            let printable = TerminalText.replacingUnsafe(label) { $0.escaped(asASCII: true) }
            return "labelled \(printable.count > 40 ? String(printable.prefix(40)) + "…" : printable), but its bytes are UTF-8: read as UTF-8"
        case .controlCharactersDropped(let count, let byte, let first, let allNUL):
            if allNUL { return "\(Self.grouped(count)) NUL \(count == 1 ? "byte" : "bytes") dropped (first at byte \(first))" }
            let hex = String(byte, radix: 16, uppercase: true)
            return "\(Self.grouped(count)) control \(count == 1 ? "character" : "characters") XML forbids dropped "
                + "(first, 0x\(hex.count == 1 ? "0" + hex : hex), at byte \(first))"
        case .notWellFormed(let line, let column, let message, let errors, let endsEarly):
            let more = errors > 1 ? " (and \(errors - 1) more \(errors == 2 ? "error" : "errors"))" : ""
            return "not well-formed XML, read as far as it goes: \(endsEarly ? Self.endsEarly + " " : "")\(line):\(column): \(message)\(more)"
        case .declarationsIgnored(let dtd, let entities):
            var parts: [String] = []
            if let dtd { parts.append("external DTD \(dtd) not loaded") }
            let external = entities.filter { $0.systemID != nil }
            let internalCount = entities.count - external.count
            if !external.isEmpty {
                let named = external.prefix(3).map { "\($0.parameter ? "%" : "")\($0.name) (SYSTEM \($0.systemID ?? ""))" }
                parts.append("external \(external.count == 1 ? "entity" : "entities") not read: " + named.joined(separator: ", ")
                             + (external.count > 3 ? " and \(external.count - 3) more" : ""))
            }
            if internalCount > 0 { parts.append("\(internalCount) internal \(internalCount == 1 ? "entity" : "entities") not expanded") }
            return "DOCTYPE ignored: " + parts.joined(separator: "; ")
        case .sharedIDs(let count, let example):
            let shown = example.count > 80 ? String(example.prefix(80)) + "…" : example
            return "\(Self.grouped(count)) entries share an id with another entry ('\(shown)'); told apart by link, or by title and date where there is no link, and by text where those are the same"
        }
    }

    /// 100000 → "100,000".
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return (n < 0 ? "-" : "") + out
    }
}

extension [FeedProblem] {
    /// One line for the operator: the first problem, and how many more there are.
    public var summary: String? {
        guard let first else { return nil }
        let more = count - 1
        return first.description + (more > 0 ? " (and \(more) more \(more == 1 ? "problem" : "problems"))" : "")
    }
}
