import Synchronization

/// The per-feed series of /metrics, kept in one table of our own and written
/// in the Prometheus text format at scrape time. swift-prometheus's registry
/// copies a metric's whole table of label sets to add one, so the first poll
/// of each of 20,000 feeds cost a copy of up to 20,000 entries, per metric:
/// quadratic at every start (a third of the first cycle's CPU in a profile).
final class FeedMetrics: Sendable {
    enum Kind: String, Sendable { case counter, gauge }

    private struct Sample {
        /// The series' `feed` label, for `forget`.
        var feed: String?
        var value: Double
    }

    private struct Family {
        var kind: Kind
        /// Rendered labels (`feed="a",outcome="ok"`) → sample.
        var samples: [String: Sample] = [:]
    }

    private let families = Mutex<[String: Family]>([:])

    /// Adds `by` to the counter `name` with `labels` (sorted by name, as the registry's are).
    func increment(_ name: String, _ labels: [(String, String)], by: Int = 1) {
        let key = Self.render(labels)
        families.withLock {
            $0[name, default: Family(kind: .counter)].samples[key, default: Sample(feed: Self.feed(labels), value: 0)].value += Double(by)
        }
    }

    func set(_ name: String, _ labels: [(String, String)], to value: Double) {
        let key = Self.render(labels)
        families.withLock { $0[name, default: Family(kind: .gauge)].samples[key] = Sample(feed: Self.feed(labels), value: value) }
    }

    private static func feed(_ labels: [(String, String)]) -> String? { labels.first { $0.0 == "feed" }?.1 }

    /// Drops every series of `feeds` (removed by a reload): /metrics shows only feeds in the config.
    /// Once a reload, so a walk over every series beats an index kept on every update.
    func forget(feeds: Set<String>) {
        families.withLock { table in
            for name in table.keys {
                table[name]!.samples = table[name]!.samples.filter { $0.value.feed.map { !feeds.contains($0) } ?? true }
            }
        }
    }

    /// The text exposition of every family, in name order, samples in label order.
    func exposition() -> String {
        let snapshot = families.withLock { $0 }
        var out = ""
        for name in snapshot.keys.sorted() {
            let family = snapshot[name]!
            out += "# TYPE \(name) \(family.kind.rawValue)\n"
            for labels in family.samples.keys.sorted() {
                out += "\(name){\(labels)} \(Self.format(family.samples[labels]!.value))\n"
            }
        }
        return out
    }

    static func render(_ labels: [(String, String)]) -> String {
        labels.sorted { $0.0 < $1.0 }.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",")
    }

    /// A label value as the text format wants it: backslash, double quote and line feed escaped.
    /// By scalar, not Character: "\r\n" is one Character, as is a quote with a combining mark after it.
    static func escape(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        var out = String.UnicodeScalarView()
        for c in value.unicodeScalars {
            switch c {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "\"": out.append(contentsOf: "\\\"".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            default: out.append(c)
            }
        }
        return String(out)
    }

    /// Whole numbers without a fraction (counts), others as Swift prints them.
    static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
