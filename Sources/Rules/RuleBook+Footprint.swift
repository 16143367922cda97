import Analysis
import WirewatchCore

/// What a compiled rule book keeps in memory, by component, in heap bytes:
/// the daemon holds it for as long as it runs (two during a reload), so the
/// rules benchmark prints this beside the process's resident memory.
/// Counted from the arrays', strings' and dictionaries' capacities as the
/// standard library lays them out and glibc's malloc rounds them; storage
/// shared between components (copy-on-write arrays, one string in two
/// places) is counted once, in the first component that names it.
extension RuleBook {
    package func footprint() -> [(component: String, bytes: Int)] {
        var tally = HeapTally()
        var out: [(String, Int)] = []
        func part(_ name: String, _ count: (inout HeapTally) -> Void) {
            let before = tally.bytes
            count(&tally)
            out.append((name, tally.bytes - before))
        }
        part("rules (ids, sources, sinks, files)") { t in
            t.array(rules)
            for r in rules {
                t.string(r.id); t.string(r.description); t.string(r.querySource); t.string(r.file)
                t.array(r.sinks)
                r.sinks.forEach { t.string($0) }
            }
        }
        part("program nodes") { t in t.array(program.nodes); t.array(program.starts) }
        part("program strings") { t in
            t.array(program.strings)
            program.strings.forEach { t.string($0) }
        }
        part("program clause tables") { t in
            t.array(program.metadata)
            program.metadata.forEach { t.term($0) }
            t.array(program.topics)
            program.topics.forEach { t.string($0.id); t.string($0.source) }
            t.dictionary(program.topicNumbers)
            program.topicNumbers.keys.forEach { t.string($0) }
            t.array(program.thresholds)
        }
        part("index word and prefix tables") { t in
            for table in [index.words, index.prefixes] { table.arrayBytes.forEach { t.block($0) } }
        }
        part("index postings") { t in
            t.array(index.postingStart); t.array(index.postings); t.array(index.posted)
            t.array(index.secondKeys); t.array(index.unfiltered)
        }
        part("index keys") { t in
            t.dictionary(index.keys.entities)
            index.keys.entities.keys.forEach { t.string($0) }
            t.dictionary(index.keys.types)
            t.dictionary(index.keys.topics)
            for (id, thresholds) in index.keys.topics { t.string(id); t.array(thresholds) }
            t.dictionary(index.keys.metadata)
            for (_, words) in index.keys.metadata { t.dictionary(words); words.keys.forEach { t.string($0) } }
        }
        part("rule order") { t in t.array(placed); t.array(place) }
        part("knowledge base") { t in
            t.array(knowledge.entities)
            for e in knowledge.entities { t.string(e.name); t.array(e.aliases); e.aliases.forEach { t.string($0) } }
            t.array(knowledge.topics)
            for topic in knowledge.topics { t.string(topic.id); t.string(topic.name); t.array(topic.terms) }
        }
        return out
    }
}

/// Heap bytes of distinct objects, each counted once by its address.
struct HeapTally {
    private(set) var bytes = 0
    private var seen: Set<UInt> = []

    /// glibc's chunk for a request of `n` bytes: 8 bytes of header, a multiple of 16, at least 32.
    static func chunk(_ n: Int) -> Int { max(32, (n + 8 + 15) & ~15) }

    /// A block of `n` bytes nobody else shares.
    mutating func block(_ n: Int) { if n > 0 { bytes += Self.chunk(n) } }

    private mutating func once(_ address: UnsafeRawPointer?, _ n: Int) {
        guard let address, seen.insert(UInt(bitPattern: address)).inserted else { return }
        bytes += Self.chunk(n)
    }

    /// An array's buffer (a 32-byte header, then its capacity), not its elements' own storage.
    mutating func array<T>(_ a: [T]) {
        guard a.capacity > 0 else { return }
        once(a.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }, 32 + a.capacity * MemoryLayout<T>.stride)
    }

    /// A string's buffer: none for up to 15 UTF-8 bytes (held inline), else a 32-byte header and the bytes with a NUL.
    mutating func string(_ s: String?) {
        guard let s, s.utf8.count > 15 else { return }
        var copy = s
        let address = copy.withUTF8 { UnsafeRawPointer($0.baseAddress) }
        once(address, 32 + s.utf8.count + 1)
    }

    /// A native dictionary: a header, a bitmap, keys and values, for a power-of-two number of buckets at most 3/4 full.
    mutating func dictionary<K, V>(_ d: [K: V]) {
        guard d.capacity > 0 else { return }
        var buckets = 1
        while buckets * 3 / 4 < d.capacity { buckets *= 2 }
        block(64 + buckets / 8 + buckets * (MemoryLayout<K>.stride + MemoryLayout<V>.stride))
    }

    mutating func term(_ t: TermClause) {
        array(t.words)
        t.words.forEach { string($0.text) }
        string(t.source)
    }
}
