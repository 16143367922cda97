import Analysis
import WirewatchCore

/// Every rule's query compiled into flat arrays of plain values: nodes that
/// refer to their children, words and strings by index. Evaluating a rule
/// then copies no strings and touches no reference counts, which at 100,000
/// rules is most of what evaluation would otherwise cost.
struct QueryProgram: Sendable {
    enum Op: UInt8, Sendable {
        case term, metadata, entity, topic, and, or, not, near, onear, sentence
        /// Not clauses: a child of an and/or/sentence, and a word of a term.
        case child, word
    }

    /// One clause, or one of a clause's children or words: all in `nodes`,
    /// so that each rule is one contiguous run. `a`, `b`, `c` by op:
    /// - and/or/sentence: children `child(a..<b)`
    /// - not: child `a`
    /// - near/onear: left `a`, right `b`, distance `c`
    /// - term: words `word(a..<b)`, `c` = anchor offset | field << 16 | case-sensitive << 24 | joined words << 25
    /// - metadata/topic: the clause at `a` in `metadata`/`topics`; for topic, `b`
    ///   is the topic's number in `topicNumbers` and `c` its threshold (`thresholds[c]`).
    /// - entity: `b` is the index key of its canonical name (-1 for a type only)
    ///   and `c` its type (`entityTypes[c]`, 0 for any).
    ///   What evaluation reads is in the node: at 100,000 rules the clause
    ///   arrays are far from the caches.
    /// - child: the child node `a`
    /// - word: id `a`, kind | joined to the word before << 2 in `b`, text `c`
    struct Node: Sendable {
        var op: Op
        var a: Int32
        var b: Int32
        var c: Int32
        /// The clause as written, in `strings`; -1 for and/or/not (and their
        /// children), whose text only an explanation shows (`clause(_:)`
        /// rebuilds it): each rule's own, they were most of `strings`.
        var source: Int32

        // A term's `c` packs its anchor word (the index among its words), field and case.
        static func termPacking(anchor: Int, field: TextField, caseSensitive: Bool, joined: Bool) -> Int32 {
            Int32(anchor) | Int32(QueryProgram.fields.firstIndex(of: field)!) << 16 | (caseSensitive ? 1 << 24 : 0) | (joined ? 1 << 25 : 0)
        }
        var termAnchor: Int { Int(c & 0xFFFF) }
        var termField: TextField { QueryProgram.fields[Int(c >> 16 & 0xFF)] }
        var termCaseSensitive: Bool { c >> 24 & 1 != 0 }
        /// Whether a word of the term is joined to the word before (`TermClause.Word.joinedToPrevious`).
        var termHasJoinedWords: Bool { c >> 25 & 1 != 0 }
    }

    struct Word: Sendable {
        /// For the term's anchor, its word id (exact) or prefix id (prefix);
        /// -1 for any other word (compared by text, never looked up) and for `*`.
        var id: Int32
        var kind: TermClause.Word.Kind
        /// The word as written, in `strings` (compared for case-sensitive and prefix words).
        var text: Int32
        /// Its token must start where the one before ends (Han, kana or Hangul written side by side).
        var joined: Bool
    }

    private(set) var nodes: [Node] = []
    private static let kinds: [TermClause.Word.Kind] = [.exact, .prefix, .any]
    /// Clause sources and word texts, each once: rules that share a clause
    /// share its string (and, per article, its evidence).
    private(set) var strings: [String] = []
    /// While compiling, where each string is in `strings`.
    private var stringIds: [String: Int32] = [:]
    /// Metadata and topic clauses, each once (rules that share one share its entry).
    private(set) var metadata: [TermClause] = []
    private(set) var topics: [TopicClause] = []
    /// While compiling, where each clause is in `metadata` and `topics`.
    private var metadataIds: [TermClause: Int32] = [:]
    private var topicIds: [TopicClause: Int32] = [:]
    /// Every topic id a clause names, numbered once: a topic clause refers to
    /// its topic by number, so that evaluating it compares no strings.
    private(set) var topicNumbers: [String: Int32] = [:]
    /// The score thresholds topic clauses ask for, each once (a few).
    private(set) var thresholds: [Double] = []
    static let entityTypes: [EntityType?] = [nil] + EntityType.allCases
    /// Rule `r`'s nodes are `nodes[starts[r]..<starts[r + 1]]`.
    private(set) var starts: [Int32] = [0]

    static let fields = TextField.allCases

    /// Adds one rule's query, registering its words with `terms`.
    mutating func add(_ q: Query, terms: inout TermIndex.Builder) {
        _ = node(q, &terms)
        starts.append(Int32(nodes.count))
    }

    /// Drops what only compiling needs and the arrays' spare capacity, and
    /// copies the strings out of the parsed queries' memory (see
    /// `String.unshared`): the daemon keeps the program for as long as it runs.
    mutating func finish() {
        stringIds = [:]
        metadataIds = [:]
        topicIds = [:]
        nodes = nodes.withUnsafeBufferPointer { Array($0) }
        starts = starts.withUnsafeBufferPointer { Array($0) }
        strings = strings.map(\.unshared)
        metadata = metadata.map(\.unshared)
        topics = topics.map(\.unshared)
    }

    /// Node `n`'s clause as written; and/or/not rebuilt from their parts as
    /// `Query.source` writes them.
    func clause(_ n: Int32) -> String {
        let node = nodes[Int(n)]
        func grouped(_ k: Int32) -> String {
            let op = nodes[Int(k)].op
            return (op == .and || op == .or) && !isOneEntityName(k) ? "(" + clause(k) + ")" : clause(k)
        }
        if isOneEntityName(n) { return clause(child(Int(node.a))) }
        switch node.op {
        case .and, .or:
            return (Int(node.a)..<Int(node.b)).map { grouped(child($0)) }.joined(separator: node.op == .and ? " AND " : " OR ")
        // `NOT (NOT x)`: `NOT NOT x` is a query check refuses.
        case .not: return nodes[Int(node.a)].op == .not ? "NOT (" + clause(node.a) + ")" : "NOT " + grouped(node.a)
        default: return strings[Int(node.source)]
        }
    }

    /// Whether node `n` is one `entity:NAME` whose name names several entities:
    /// an or of entity clauses that all write the same name (see `Query.isOneEntityName`).
    func isOneEntityName(_ n: Int32) -> Bool {
        let node = nodes[Int(n)]
        guard node.op == .or, node.b - node.a > 1 else { return false }
        let first = nodes[Int(child(Int(node.a)))]
        return (Int(node.a)..<Int(node.b)).allSatisfy {
            let c = nodes[Int(child($0))]
            return c.op == .entity && c.source == first.source
        }
    }

    /// The root node of rule `r`'s query (nodes are added children first).
    func root(_ r: Int) -> Int32 { starts[r + 1] - 1 }

    func child(_ k: Int) -> Int32 { nodes[k].a }

    func word(_ k: Int) -> Word {
        let n = nodes[k]
        return Word(id: n.a, kind: Self.kinds[Int(n.b & 3)], text: n.c, joined: n.b & 4 != 0)
    }

    /// Reads a value from every cache line of the queries of `rules` and
    /// returns their sum. Called for a batch of rules before evaluating
    /// them, so that their cache misses overlap instead of stalling
    /// evaluation one at a time: at 100,000 rules the program is far larger
    /// than the caches. Each pass has small independent iterations, so
    /// that the processor can have many loads in flight.
    func touch(rules: ArraySlice<Int>) -> Int32 {
        var sum: Int32 = 0
        var from = [Int32](), to = [Int32]()
        from.reserveCapacity(rules.count)
        to.reserveCapacity(rules.count)
        for r in rules {
            from.append(starts[r])
            to.append(starts[r + 1])
        }
        nodes.withUnsafeBufferPointer { nodes in
            // The root (evaluation's first read) first, then every cache line from the start.
            for k in from.indices { sum &+= nodes[Int(to[k]) - 1].a }
            for k in from.indices {
                var i = Int(from[k])
                while i < Int(to[k]) - 1 { sum &+= nodes[i].a; i += 3 }
            }
        }
        return sum
    }

    /// Reads the clause text of every hit (its place in `strings` and its
    /// bytes), for the same reason as `touch(rules:)`: evidence names them.
    func touch(clausesOf hits: [Hit]) -> Int32 {
        var sum: Int32 = 0
        strings.withUnsafeBufferPointer { strings in
            for h in hits { sum &+= Int32(strings[Int(h.clause)].utf8.first ?? 0) }
        }
        return sum
    }

    private mutating func string(_ s: String) -> Int32 { Self.entry(s, in: &strings, &stringIds) }

    /// Where `clause` is in `list`, appended when it is not there yet.
    private static func entry<C: Hashable>(_ clause: C, in list: inout [C], _ ids: inout [C: Int32]) -> Int32 {
        if let id = ids[clause] { return id }
        list.append(clause)
        ids[clause] = Int32(list.count - 1)
        return Int32(list.count - 1)
    }

    private mutating func append(_ n: Node) -> Int32 {
        nodes.append(n)
        return Int32(nodes.count - 1)
    }

    private mutating func node(_ q: Query, _ terms: inout TermIndex.Builder) -> Int32 {
        let source: Int32
        switch q {
        case .and, .or, .not: source = -1
        default: source = string(q.source)
        }
        switch q {
        case .term(let t) where !t.field.isPositional:
            return append(Node(op: .metadata, a: Self.entry(t, in: &metadata, &metadataIds), b: 0, c: 0, source: source))
        case .term(let t):
            let first = Int32(nodes.count)
            let anchor = Self.anchorWord(t.words)
            for (j, w) in t.words.enumerated() {
                // Only the anchor is looked up per token (its occurrences are
                // where the term can be); the other words of a phrase are
                // compared with the tokens beside it, so a common word in a
                // phrase ("about" in "about distillation") costs no lookups.
                var id: Int32 = -1
                if j == anchor {
                    let key = t.caseSensitive ? Self.lookupKey(w.text) : w.text
                    switch w.kind {
                    case .exact: id = terms.word(key)
                    case .prefix: id = terms.prefix(key)
                    case .any: break
                    }
                }
                let kind = Int32(Self.kinds.firstIndex(of: w.kind)!) | (w.joinedToPrevious ? 4 : 0)
                _ = append(Node(op: .word, a: id, b: kind, c: string(w.text), source: source))
            }
            let c = Node.termPacking(anchor: anchor, field: t.field, caseSensitive: t.caseSensitive,
                                     joined: t.words.contains(where: \.joinedToPrevious))
            return append(Node(op: .term, a: first, b: Int32(nodes.count), c: c, source: source))
        case .entity(let e):
            let key = e.canonical.map { terms.entity($0) } ?? -1
            let type = Int32(Self.entityTypes.firstIndex(of: e.type)!)
            return append(Node(op: .entity, a: 0, b: key, c: type, source: source))
        case .topic(let t):
            let entry = Self.entry(t, in: &topics, &topicIds)
            let number: Int32
            if let known = topicNumbers[t.id] {
                number = known
            } else {
                number = Int32(topicNumbers.count)
                topicNumbers[t.id] = number
            }
            if !thresholds.contains(t.minScore) { thresholds.append(t.minScore) }
            let threshold = Int32(thresholds.firstIndex(of: t.minScore)!)
            return append(Node(op: .topic, a: entry, b: number, c: threshold, source: source))
        case .and(let parts), .or(let parts):
            return group(q, parts, source, &terms)
        case .sentence(let s):
            return group(q, s.operands, source, &terms)
        case .not(let inner):
            let child = node(inner, &terms)
            return append(Node(op: .not, a: child, b: 0, c: 0, source: source))
        case .near(let n):
            let left = node(n.left, &terms), right = node(n.right, &terms)
            return append(Node(op: n.ordered ? .onear : .near, a: left, b: right, c: Int32(n.distance), source: source))
        }
    }

    private mutating func group(_ q: Query, _ parts: [Query], _ source: Int32, _ terms: inout TermIndex.Builder) -> Int32 {
        let ids = parts.map { node($0, &terms) }
        let first = Int32(nodes.count)
        for id in ids { _ = append(Node(op: .child, a: id, b: 0, c: 0, source: source)) }
        let op: Op
        switch q {
        case .and: op = .and
        case .or: op = .or
        default: op = .sentence
        }
        return append(Node(op: op, a: first, b: Int32(nodes.count), c: 0, source: source))
    }

    /// The longest exact word (longer words are rarer), else the longest prefix.
    /// The index key of a case-sensitive term's word: the tokeniser's folded form of its spelling, as the article's
    /// words are filed (a number's is its `NumberText` form: `case:"12,5"` looked up "12,5" where the article had
    /// filed 12.5, and never matched its own spelling; review of tokens, 4).
    static func lookupKey(_ spelling: String) -> String {
        let words = Tokenizer.foldedWords(spelling)
        return words.count == 1 ? words[0] : TextFolding.fold(spelling)
    }

    static func anchorWord(_ words: [TermClause.Word]) -> Int {
        func rank(_ w: TermClause.Word) -> Int {
            switch w.kind {
            case .exact: return 1000 + w.text.utf8.count
            case .prefix: return w.text.utf8.count
            case .any: return -1
            }
        }
        return words.indices.max { rank(words[$0]) < rank(words[$1]) } ?? 0
    }
}
