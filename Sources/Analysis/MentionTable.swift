import WirewatchCore

/// The mentions found so far in one article, grouped by the entity they name.
struct MentionTable {
    enum Key: Hashable {
        /// An entity of the knowledge base, by index.
        case known(Int)
        /// A name found from context, by its folded text.
        case local(String)
    }
    /// How sure the recogniser is; when one name is read two ways, the stronger reading wins.
    enum Strength: Int, Comparable {
        case weak, context, strong, gazetteer
        static func < (a: Strength, b: Strength) -> Bool { a.rawValue < b.rawValue }
    }
    struct Found {
        var key: Key
        var type: EntityType
        var start: Int
        var end: Int
        /// Where the name starts after a title ("Mr"): the longest name is the canonical one.
        var nameStart: Int
        var words: Int
        var strength: Strength
        var removed = false
    }

    private(set) var all: [Found] = []

    @discardableResult
    mutating func add(key: Key, type: EntityType, start: Int, end: Int, nameStart: Int? = nil, words: Int,
                      strength: Strength) -> Int {
        all.append(Found(key: key, type: type, start: start, end: end, nameStart: nameStart ?? start, words: words, strength: strength))
        return all.count - 1
    }

    mutating func add(candidate c: NameClassifier.Candidate, tokens: [Token], scalars: UnsafeBufferPointer<Unicode.Scalar>,
                      as key: Key? = nil, type: EntityType? = nil) {
        let nameStart = tokens[c.first].start, end = tokens[c.last].end
        let k = key ?? .local(TextFolding.fold(Self.text(scalars, nameStart, end)))
        add(key: k, type: type ?? c.type ?? .misc, start: tokens[c.mentionFirst].start, end: end, nameStart: nameStart,
            words: c.last - c.first + 1, strength: c.strength)
    }

    /// Makes reading `index` a mention of another name.
    mutating func reassign(_ index: Int, to key: Key, type: EntityType) {
        all[index].key = key
        all[index].type = type
    }

    /// Drops one reading: a short form that stays unresolved.
    mutating func drop(_ index: Int) {
        all[index].removed = true
    }

    /// Drops the gazetteer readings inside scalar offsets `range` that a longer
    /// name read from context replaces ("Harvard Business School" is not
    /// Harvard University). Places stay: "US Navy" still mentions the US.
    mutating func remove(within range: Range<Int>) {
        for k in all.indices where all[k].start >= range.lowerBound && all[k].end <= range.upperBound && all[k].type != .loc {
            all[k].removed = true
        }
    }

    static func hasLowercase(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ a: Int, _ b: Int) -> Bool {
        (a..<b).contains { k in s[k].value < 128 ? (97...122).contains(s[k].value) : s[k].properties.isLowercase }
    }

    /// "SAN JOSE" → "San Jose".
    static func titleCased(_ s: String) -> String {
        // Each part of a hyphenated name too: "WINSTON-SALEM" is "Winston-Salem".
        s.split(separator: " ", omittingEmptySubsequences: false).map { word in
            word.split(separator: "-", omittingEmptySubsequences: false).map { $0.prefix(1) + $0.dropFirst().lowercased() }.joined(separator: "-")
        }.joined(separator: " ")
    }

    /// The text of scalars `a..<b`, encoded straight into a new string.
    static func text(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ a: Int, _ b: Int) -> String {
        var bytes = 0
        for k in a..<b { bytes += UTF8.width(s[k]) }
        return String(unsafeUninitializedCapacity: bytes) { out in
            var n = 0
            for k in a..<b {
                for unit in UTF8.encode(s[k])! { out[n] = unit; n += 1 }
            }
            return n
        }
    }

    /// The entities in order of first mention, each with its canonical name
    /// (the knowledge base's, or the longest way the article writes it) and
    /// its type (the strongest reading; a specific type beats MISC).
    func hits(entities: [EntityDefinition], scalars: UnsafeBufferPointer<Unicode.Scalar>) -> [EntityHit] {
        var order: [Key] = []
        var groups: [Key: [Found]] = [:]
        for f in all.sorted(by: { $0.start < $1.start }) where !f.removed {
            if groups[f.key] == nil { order.append(f.key) }
            groups[f.key, default: []].append(f)
        }
        return order.map { key in
            let group = groups[key]!
            let mentions = group.map { EntityHit.Mention(start: $0.start, end: $0.end, text: Self.text(scalars, $0.start, $0.end)) }
            switch key {
            case .known(let i):
                return EntityHit(canonical: entities[i].name, type: entities[i].type, mentions: mentions)
            case .local:
                let best = group.max { a, b in
                    if a.strength != b.strength { return a.strength < b.strength }
                    return (a.type == .misc ? 0 : 1) < (b.type == .misc ? 0 : 1)
                }!
                // The longest, written in ordinary case if it is ("Phoenix", not the dateline's "PHOENIX"), the first.
                let longest = group.max { a, b in
                    if a.words != b.words { return a.words < b.words }
                    let aCased = Self.hasLowercase(scalars, a.nameStart, a.end), bCased = Self.hasLowercase(scalars, b.nameStart, b.end)
                    return aCased != bCased ? bCased : a.start > b.start
                }!
                let name = Self.text(scalars, longest.nameStart, longest.end)
                // A place named only in a dateline's capitals: "BEIJING" → "Beijing", "SAN JOSE" → "San Jose".
                let cased = best.type == .loc && !Self.hasLowercase(scalars, longest.nameStart, longest.end)
                return EntityHit(canonical: cased ? Self.titleCased(name) : name, type: best.type, mentions: mentions)
            }
        }
    }
}
