import Yams

/// What `YAMLReader` looks keys up in: Yams' own `Node.Mapping`, or a
/// `YAMLMapping` that has read its keys once.
public protocol YAMLKeyLookup {
    subscript(key: String) -> Node? { get }
    /// The first key's node, where "needs 'x'" is reported; the mapping
    /// itself when it has no key (`{}`), so that the report names where it is.
    var firstKeyNode: Node? { get }
}

extension Node.Mapping: YAMLKeyLookup {
    public var firstKeyNode: Node? { first?.key ?? .mapping(self) }
}

/// A mapping's entries by key, read once. Yams' `Node.Mapping[key]` builds a
/// node for the key and, when it finds it, resolves the YAML type of both
/// keys by regular expression: with 100,000 rules, looking up a rule's
/// `id`, `query`, `severity`… that way was most of the time spent loading
/// the file. The schemas read here have plain string keys, so comparing the
/// keys' text is what they mean.
public struct YAMLMapping: YAMLKeyLookup {
    public let mapping: Node.Mapping
    /// Scalar keys' text and their values, in order (nodes are costly to
    /// copy: a mapping is read into these once).
    private let keys: [String]
    private let values: [Node]

    public init(_ mapping: Node.Mapping) {
        self.mapping = mapping
        var keys: [String] = [], values: [Node] = []
        keys.reserveCapacity(mapping.count)
        values.reserveCapacity(mapping.count)
        for (key, value) in mapping {
            guard case .scalar(let s) = key else { continue }
            if s.string == Self.mergeKey {
                // Merged keys go first, so that the mapping's own keys win (`subscript` takes the last), and of
                // several merged mappings the first wins, as YAML says.
                let merged = value.mapping.map { [$0] } ?? value.sequence?.compactMap(\.mapping) ?? []
                for m in merged {
                    let inner = YAMLMapping(m)
                    keys.insert(contentsOf: inner.keys, at: 0)
                    values.insert(contentsOf: inner.values, at: 0)
                }
                continue
            }
            keys.append(s.string)
            values.append(value)
        }
        self.keys = keys
        self.values = values
    }

    /// A repeated key: the last one wins, as in `Node.Mapping`. A schema's
    /// mappings have a handful of keys: a scan beats hashing.
    public subscript(key: String) -> Node? { keys.lastIndex(of: key).map { values[$0] } }

    public var firstKeyNode: Node? { mapping.firstKeyNode }

    /// YAML's merge key: `<<: *defaults` (or a list of them) brings their keys in, the mapping's own keys winning.
    public static let mergeKey = "<<"
}
