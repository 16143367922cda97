import Synchronization

/// The per-feed series of /metrics, kept in one table of our own and written
/// in the Prometheus text format at scrape time. swift-prometheus's registry
/// copies a metric's whole table of label sets to add one, so the first poll
/// of each of 20,000 feeds cost a copy of up to 20,000 entries, per metric:
/// quadratic at every start (a third of the first cycle's CPU in a profile).
final class FeedMetrics: Sendable {
    enum Kind: String, Sendable { case counter, gauge }

    private struct Family {
        var kind: Kind
        /// Rendered labels (`feed="a",outcome="ok"`) → value.
        var samples: [String: Double] = [:]
    }

    private struct Table {
        var families: [String: Family] = [:]
        /// Feed → (family, rendered labels) of its series, for `forget`.
        var seriesOf: [String: Set<[String]>] = [:]
    }

    private let table = Mutex(Table())

    /// Adds `by` to the counter `name` with `labels` (sorted by name, as the registry's are).
    func increment(_ name: String, _ labels: [(String, String)], by: Int = 1) {
        let key = Self.render(labels)
        table.withLock { t in
            t.families[name, default: Family(kind: .counter)].samples[key, default: 0] += Double(by)
            Self.index(&t, name, key, labels)
        }
    }

    func set(_ name: String, _ labels: [(String, String)], to value: Double) {
        let key = Self.render(labels)
        table.withLock { t in
            t.families[name, default: Family(kind: .gauge)].samples[key] = value
            Self.index(&t, name, key, labels)
        }
    }

    private static func index(_ t: inout Table, _ name: String, _ key: String, _ labels: [(String, String)]) {
        guard let feed = labels.first(where: { $0.0 == "feed" })?.1 else { return }
        t.seriesOf[feed, default: []].insert([name, key])
    }

    /// Drops every series of `feeds` (removed by a reload): /metrics shows only feeds in the config.
    func forget(feeds: Set<String>) {
        table.withLock { t in
            for feed in feeds {
                for series in t.seriesOf.removeValue(forKey: feed) ?? [] {
                    t.families[series[0]]?.samples[series[1]] = nil
                }
            }
        }
    }

    /// The text exposition of every family, in name order, samples in label order.
    func exposition() -> String {
        let snapshot = table.withLock { $0.families }
        var out = ""
        for name in snapshot.keys.sorted() {
            let family = snapshot[name]!
            out += "# TYPE \(name) \(family.kind.rawValue)\n"
            for labels in family.samples.keys.sorted() {
                out += "\(name){\(labels)} \(Self.format(family.samples[labels]!))\n"
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
