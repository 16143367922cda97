import Analysis
import WirewatchCore

/// Every rule's query compiled into flat arrays of plain values: nodes that
/// refer to their children, words and strings by index. Evaluating a rule
/// then copies no strings and touches no reference counts, which at 100,000
/// rules is most of what evaluation would otherwise cost.
struct QueryProgram: Sendable {
    enum Op: UInt8, Sendable {
        case term, metadata, entity, topic, and, or, not, near, onear, sentence
    }

    /// One clause. `a`, `b`, `c` by op:
    /// - and/or/sentence: children `children[a..<b]`
    /// - not: child `a`
    /// - near/onear: left `a`, right `b`, distance `c`
    /// - term: words `words[a..<b]`, `c` = anchor offset | field << 16 | case-sensitive << 24
    /// - metadata/entity/topic: the clause at `a` in `metadata`/`entities`/`topics`
    struct Node: Sendable {
        var op: Op
        var a: Int32
        var b: Int32
        var c: Int32
        /// The clause as written, in `strings`.
        var source: Int32
    }

    struct Word: Sendable {
        /// Word id (exact), prefix id (prefix), -1 (any).
        var id: Int32
        var kind: TermClause.Word.Kind
        /// The word as written, in `strings` (compared for case-sensitive and prefix words).
        var text: Int32
    }

    private(set) var nodes: [Node] = []
    private(set) var children: [Int32] = []
    private(set) var words: [Word] = []
    private(set) var strings: [String] = []
    private(set) var metadata: [TermClause] = []
    private(set) var entities: [EntityClause] = []
    private(set) var topics: [TopicClause] = []
    /// The root node of each rule's query.
    private(set) var roots: [Int32] = []

    static let fields = TextField.allCases

    /// Adds one rule's query, registering its words with `terms`.
    mutating func add(_ q: Query, terms: inout TermIndex.Builder) {
        roots.append(node(q, &terms))
    }

    private mutating func string(_ s: String) -> Int32 {
        strings.append(s)
        return Int32(strings.count - 1)
    }

    private mutating func append(_ n: Node) -> Int32 {
        nodes.append(n)
        return Int32(nodes.count - 1)
    }

    private mutating func node(_ q: Query, _ terms: inout TermIndex.Builder) -> Int32 {
        let source = string(q.source)
        switch q {
        case .term(let t) where !t.field.isPositional:
            metadata.append(t)
            return append(Node(op: .metadata, a: Int32(metadata.count - 1), b: 0, c: 0, source: source))
        case .term(let t):
            let first = Int32(words.count)
            for w in t.words {
                let key = t.caseSensitive ? TextFolding.fold(w.text) : w.text
                let id: Int32
                switch w.kind {
                case .exact: id = terms.word(key)
                case .prefix: id = terms.prefix(key)
                case .any: id = -1
                }
                words.append(Word(id: id, kind: w.kind, text: string(w.text)))
            }
            let field = Int32(Self.fields.firstIndex(of: t.field)!)
            let c = Int32(Self.anchorWord(t.words)) | field << 16 | (t.caseSensitive ? 1 << 24 : 0)
            return append(Node(op: .term, a: first, b: Int32(words.count), c: c, source: source))
        case .entity(let e):
            entities.append(e)
            return append(Node(op: .entity, a: Int32(entities.count - 1), b: 0, c: 0, source: source))
        case .topic(let t):
            topics.append(t)
            return append(Node(op: .topic, a: Int32(topics.count - 1), b: 0, c: 0, source: source))
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
        let first = Int32(children.count)
        children += ids
        let op: Op
        switch q {
        case .and: op = .and
        case .or: op = .or
        default: op = .sentence
        }
        return append(Node(op: op, a: first, b: Int32(children.count), c: 0, source: source))
    }

    /// The longest exact word (longer words are rarer), else the longest prefix.
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
