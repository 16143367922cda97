/// Wildcard prefixes (`distil*`) as a trie over UTF-8 bytes: walking a word
/// once yields every prefix it starts with, whatever the number of rules.
struct PrefixTrie: Sendable {
    /// Node `n`'s edges are `edgeByte/edgeTarget[edgeStart[n]..<edgeStart[n + 1]]`, sorted by byte.
    private let edgeStart: [Int32]
    private let edgeByte: [UInt8]
    private let edgeTarget: [Int32]
    /// The id of the prefix that ends at a node, or -1.
    private let terminal: [Int32]
    /// The root's children by byte, for the first step of every walk.
    private let root: [Int32]

    var isEmpty: Bool { terminal.count <= 1 }

    init(_ prefixes: [String: Int32]) {
        // Build with per-node dictionaries, then flatten.
        var children: [[UInt8: Int32]] = [[:]]
        var ids: [Int32] = [-1]
        for (p, id) in prefixes {
            var node = 0
            for b in p.utf8 {
                if let next = children[node][b] { node = Int(next); continue }
                children.append([:])
                ids.append(-1)
                children[node][b] = Int32(children.count - 1)
                node = children.count - 1
            }
            ids[node] = id
        }
        var start: [Int32] = [0], bytes: [UInt8] = [], targets: [Int32] = []
        for c in children {
            for (b, t) in c.sorted(by: { $0.key < $1.key }) { bytes.append(b); targets.append(t) }
            start.append(Int32(bytes.count))
        }
        var root = [Int32](repeating: -1, count: 256)
        for (b, t) in children[0] { root[Int(b)] = t }
        edgeStart = start; edgeByte = bytes; edgeTarget = targets; terminal = ids; self.root = root
    }

    /// Calls `found` with the id of every prefix of `word`.
    @inline(__always)
    func forEachPrefix(of word: String, _ found: (Int32) -> Void) {
        var word = word
        word.withUTF8 { bytes in
            guard let first = bytes.first else { return }
            var node = Int(root[Int(first)])
            var i = 1
            while node >= 0 {
                if terminal[node] >= 0 { found(terminal[node]) }
                guard i < bytes.count else { return }
                let b = bytes[i]
                i += 1
                var e = Int(edgeStart[node])
                let end = Int(edgeStart[node + 1])
                node = -1
                while e < end {
                    if edgeByte[e] == b { node = Int(edgeTarget[e]); break }
                    if edgeByte[e] > b { break }
                    e += 1
                }
            }
        }
    }
}
