import Foundation
import WirewatchCore
import Yams

/// Reads typed values out of a `YAMLFile`, collecting every problem instead
/// of stopping at the first, so `wirewatch check` can report them all.
public final class YAMLReader {
    public let file: YAMLFile
    public private(set) var diagnostics: [Diagnostic] = []

    public init(_ file: YAMLFile) { self.file = file }

    public func report(_ node: Node?, _ message: String) {
        diagnostics.append(file.diagnostic(node, message))
    }

    /// The mapping at `node`; reports keys outside `allowed` (with the nearest allowed key as a hint).
    public func mapping(_ node: Node?, what: String, allowed: [String]) -> Node.Mapping? {
        guard let node else { return nil }
        guard let map = node.mapping else {
            report(node, "\(what) must be a mapping (key: value)")
            return nil
        }
        for (key, value) in map {
            guard let k = key.string else { report(key, "\(what): keys must be strings"); continue }
            // A merge key (`<<: *defaults`) brings the keys of the mappings it names (trial7 finding N21); their own
            // keys are checked where they are written, as the mapping the anchor names is read too.
            if k == YAMLMapping.mergeKey {
                if value.mapping == nil, value.sequence.map({ $0.contains { $0.mapping == nil } }) ?? true {
                    report(value, "'<<' in \(what) must name a mapping to merge, as in <<: *defaults")
                }
                continue
            }
            if !allowed.contains(k) {
                let hint = Self.nearest(k, in: allowed).map { "; did you mean '\($0)'?" } ?? "; expected one of \(allowed.joined(separator: ", "))"
                report(key, "unknown key '\(k)' in \(what)\(hint)")
            }
        }
        return map
    }

    /// `mapping(_:what:allowed:)` with its keys read once, for files with
    /// many mappings (a rule file with thousands of rules).
    public func fields(_ node: Node?, what: String, allowed: [String]) -> YAMLMapping? {
        mapping(node, what: what, allowed: allowed).map(YAMLMapping.init)
    }

    public func sequence(_ node: Node?, what: String) -> [Node] {
        guard let node else { return [] }
        if case .scalar(let s) = node, s.string.isEmpty || s.string == "~" || s.string == "null" { return [] }
        guard let seq = node.sequence else {
            // `sinks: alert-log`: what was written, and how it is written as a list.
            let got = if case .scalar(let s) = node { " (got '\(s.string)'; write [\(s.string)])" } else { " (got a mapping; each item of a list starts with '- ')" }
            report(node, "\(what) must be a list\(got)")
            return []
        }
        return Array(seq)
    }

    public func string(_ map: (some YAMLKeyLookup)?, _ key: String, what: String, required: Bool = false) -> String? {
        guard let node = map?[key] else {
            // No mapping: the node was none, and that is reported where it is. It has no keys
            // to miss; saying so again would point at the file's start.
            if required, let map { report(map.firstKeyNode, "\(what) needs '\(key)'") }
            return nil
        }
        guard case .scalar(let s) = node else {
            // `query: [OpenAI, Microsoft]`: a value that starts with '[' or '{' is a list or a mapping in YAML, whatever was meant.
            let got = node.sequence != nil ? "a list; a value that starts with '[' is one" : "a mapping; a value that starts with '{' or holds ': ' is one"
            report(node, "'\(key)' in \(what) must be a single value (got \(got): quote it whole to write it as text)")
            return nil
        }
        // `query: !weather AND DeepSeek`: a plain value that starts with '!' starts with a YAML tag, which the
        // parser takes off the text: the rule was 'AND DeepSeek', and check said only "'AND' needs a clause".
        let tag = s.tag.description
        if tag.hasPrefix("!") {
            report(node, "'\(key)' in \(what) starts with '\(tag)', which YAML reads as a tag, not as text: quote the value whole")
            return s.string
        }
        if required && s.string.isEmpty { report(node, "'\(key)' in \(what) must not be empty") }
        return s.string
    }

    public func bool(_ map: (some YAMLKeyLookup)?, _ key: String, what: String) -> Bool? {
        guard let node = map?[key] else { return nil }
        guard let b = node.bool else { report(node, "'\(key)' in \(what) must be true or false\(Self.got(node))"); return nil }
        return b
    }

    public func int(_ map: (some YAMLKeyLookup)?, _ key: String, what: String, range: ClosedRange<Int>? = nil) -> Int? {
        guard let node = map?[key] else { return nil }
        guard let v = node.int else { report(node, "'\(key)' in \(what) must be a whole number\(Self.got(node))"); return nil }
        if let range, !range.contains(v) { report(node, "'\(key)' in \(what) must be between \(range.lowerBound) and \(range.upperBound)") }
        return v
    }

    /// The nodes of a value that may be one scalar or a list of them (as
    /// `strings` reads it), without reporting anything: for checks of each item.
    public func items(_ map: (some YAMLKeyLookup)?, _ key: String) -> [Node] {
        guard let node = map?[key] else { return [] }
        return node.sequence.map(Array.init) ?? [node]
    }

    public func strings(_ map: (some YAMLKeyLookup)?, _ key: String, what: String) -> [String] {
        guard let node = map?[key] else { return [] }
        if let s = node.string { return [s] }
        return sequence(node, what: "'\(key)' in \(what)").compactMap { n in
            guard let s = n.string else { report(n, "'\(key)' in \(what) must list plain values"); return nil }
            return s
        }
    }

    /// What was written instead, for a message: ` (got 'maybe')`; a quoted value is text, so the quotes are named.
    static func got(_ node: Node) -> String {
        guard case .scalar(let s) = node else { return "" }
        let quoted = s.style == .singleQuoted || s.style == .doubleQuoted
        return " (got '\(s.string)'\(quoted ? " in quotes; write it without them" : ""))"
    }

    /// `90s`, `15m`, `6h`, `1d`, or a bare number of seconds.
    public func duration(_ map: (some YAMLKeyLookup)?, _ key: String, what: String) -> Double? {
        guard let node = map?[key], let raw = string(map, key, what: what) else { return nil }
        guard let seconds = Self.parseDuration(raw) else {
            report(node, "'\(key)' in \(what) must be a duration such as 90s, 15m, 6h or 1d (got '\(raw)')")
            return nil
        }
        return seconds
    }

    /// No duration an operator means is longer; `inf` or `1e300` would trap where seconds become milliseconds.
    public static let longestDuration: Double = 10 * 365 * 86400

    public static func parseDuration(_ raw: String, bounded: Bool = true) -> Double? {
        let s = raw.trimmingCharacters(in: .whitespaces)
        let sane: (Double) -> Double? = { $0 >= 0 && (!bounded || $0 <= longestDuration) && $0.isFinite ? $0 : nil }
        if let v = Double(s) { return sane(v) }
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400), ("w", 604_800)]
        for (suffix, factor) in units where s.hasSuffix(suffix) {
            if let v = Double(s.dropLast(suffix.count)) { return sane(v * factor) }
        }
        return nil
    }

    /// The allowed word within edit distance 2, for "did you mean" (the first of the nearest), case aside.
    /// Asked of every entity name and alias of the gazetteer for each unknown `entity:` (tens of thousands):
    /// a candidate whose length alone puts it more than two edits away is passed over before it is folded,
    /// and a distance is given up once it must exceed the best so far (5,000 rules with unknown entities
    /// took `check` over ten minutes when every candidate was lower-cased and compared in full).
    public static func nearest(_ word: String, in candidates: [String]) -> String? {
        let w = Array(word.lowercased().unicodeScalars), length = word.unicodeScalars.count
        var best: (name: String, distance: Int)?
        for c in candidates {
            guard abs(c.unicodeScalars.count - length) <= 2 else { continue }
            guard let d = editDistance(w, Array(c.lowercased().unicodeScalars), atMost: (best?.distance ?? 3) - 1) else { continue }
            best = (c, d)
            if d == 0 { break }
        }
        return best?.name
    }

    /// Levenshtein distance, or nil once it must exceed `bound` (a row's least value only grows).
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], atMost bound: Int) -> Int? {
        guard bound >= 0, abs(a.count - b.count) <= bound else { return nil }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var prev = Array(0...b.count), cur = prev
        for i in 1...a.count {
            cur[0] = i
            var least = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                least = min(least, cur[j])
            }
            if least > bound { return nil }
            swap(&prev, &cur)
        }
        return prev[b.count] <= bound ? prev[b.count] : nil
    }
}

