import Analysis
import WirewatchCore

/// What an article must contain for a rule to have a chance: sets of index
/// keys such that, if the rule holds, the article contains at least one key
/// of every set. This is the presearcher of Lucene's monitor (Luwak): a rule
/// is evaluated only when each of its sets is hit. One set filters; a second
/// one, from another required clause, filters most of what the first lets by.
struct RuleAnchors {
    enum Key: Hashable {
        case word(String)
        case prefix(String)
        case entity(String)
        case entityType(EntityType)
        /// A topic scoring at least `minScore`.
        case topic(String, minScore: Double)
        case metadata(TextField, String)
    }

    struct Alternatives {
        var keys: [Key]
        /// A guess at how often the set is hit: lower is more selective.
        var cost: Double
    }

    /// Up to two independent requirements; empty when the query cannot be
    /// filtered (it is then evaluated on every article).
    static func of(_ q: Query) -> [Alternatives] {
        let required = requiredParts(q).compactMap(alternatives).sorted { $0.cost < $1.cost }
        return Array(required.prefix(2))
    }

    /// The parts of `q` that must all hold.
    private static func requiredParts(_ q: Query) -> [Query] {
        switch q {
        case .and(let parts): return parts.flatMap(requiredParts)
        case .near(let n): return requiredParts(n.left) + requiredParts(n.right)
        case .sentence(let s): return s.operands.flatMap(requiredParts)
        default: return [q]
        }
    }

    /// One set for `q`, or nil when `q` can hold without any key (a NOT).
    static func alternatives(_ q: Query) -> Alternatives? {
        switch q {
        case .term(let t):
            let best = t.words[QueryProgram.anchorWord(t.words)]
            let text = t.caseSensitive ? QueryProgram.lookupKey(best.text) : best.text
            let length = Double(best.text.utf8.count)
            if !t.field.isPositional {
                guard best.kind == .exact else { return nil }
                return Alternatives(keys: [.metadata(t.field, text)], cost: 20)
            }
            switch best.kind {
            case .exact: return Alternatives(keys: [.word(text)], cost: 12 / length)
            case .prefix: return Alternatives(keys: [.prefix(text)], cost: 3 * 12 / length)
            case .any: return nil
            }
        case .entity(let e):
            if let name = e.canonical { return Alternatives(keys: [.entity(name)], cost: 2) }
            return e.type.map { Alternatives(keys: [.entityType($0)], cost: 30) }
        case .topic(let t):
            return Alternatives(keys: [.topic(t.id, minScore: t.minScore)], cost: 8)
        case .and, .near, .sentence:
            return requiredParts(q).compactMap(alternatives).min { $0.cost < $1.cost }
        case .or(let parts):
            var keys: [Key] = []
            var cost = 0.0
            for p in parts {
                guard let a = alternatives(p) else { return nil }
                keys += a.keys
                cost += a.cost
            }
            return keys.isEmpty ? nil : Alternatives(keys: keys, cost: cost)
        case .not:
            return nil
        }
    }
}
