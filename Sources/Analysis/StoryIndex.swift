import WirewatchCore

/// The stories seen recently, by SimHash fingerprint: answers "is this article
/// a story we already have?" across feeds, in time that does not grow with
/// the number of stories. The 64 bits are cut into four 16-bit bands; two
/// fingerprints within 3 bits of each other agree on at least one band
/// (pigeonhole), so looking up each band finds every candidate. Beyond 3 bits
/// the look-up is best effort. A pure value: the daemon owns one and keeps it
/// (or rebuilds it from the store on start).
public struct StoryIndex: Sendable {
    public struct Entry: Sendable, Hashable {
        public var fingerprint: UInt64
        public var story: String
    }

    public let capacity: Int
    public let maxDistance: Int
    /// A ring of the most recent entries; the oldest is forgotten first.
    private var slots: [Entry?]
    private var next = 0
    private var bands: [[UInt16: [Int]]] = Array(repeating: [:], count: 4)

    public init(capacity: Int = 100_000, maxDistance: Int = 3) {
        precondition(capacity > 0)
        self.capacity = capacity
        self.maxDistance = maxDistance
        slots = Array(repeating: nil, count: capacity)
    }

    public var count: Int { slots.lazy.filter { $0 != nil }.count }

    /// The nearest known story within `maxDistance` bits, if any (ties: the most recent).
    public func lookup(_ fingerprint: UInt64) -> (story: String, distance: Int)? {
        var best: (slot: Int, distance: Int)?
        for b in 0..<4 {
            for slot in bands[b][Self.band(fingerprint, b)] ?? [] {
                guard let e = slots[slot] else { continue }
                let d = StoryFingerprint.distance(e.fingerprint, fingerprint)
                guard d <= maxDistance else { continue }
                if best == nil || d < best!.distance || (d == best!.distance && age(slot) < age(best!.slot)) { best = (slot, d) }
            }
        }
        return best.map { (slots[$0.slot]!.story, $0.distance) }
    }

    /// Remembers `fingerprint` as part of `story`, forgetting the oldest entry when full.
    public mutating func insert(_ fingerprint: UInt64, story: String) {
        if let old = slots[next] {
            for b in 0..<4 {
                let key = Self.band(old.fingerprint, b)
                bands[b][key]?.removeAll { $0 == next }
                if bands[b][key]?.isEmpty == true { bands[b][key] = nil }
            }
        }
        slots[next] = Entry(fingerprint: fingerprint, story: story)
        for b in 0..<4 { bands[b][Self.band(fingerprint, b), default: []].append(next) }
        next = (next + 1) % capacity
    }

    /// The story `fingerprint` belongs to: a known one, or a new one named by the
    /// fingerprint's hex digits. Either way the fingerprint is remembered.
    public mutating func assign(_ fingerprint: UInt64) -> String {
        let story = lookup(fingerprint)?.story ?? StableHash.hex64(fingerprint)
        insert(fingerprint, story: story)
        return story
    }

    private func age(_ slot: Int) -> Int { (next - 1 - slot + capacity) % capacity }

    private static func band(_ v: UInt64, _ b: Int) -> UInt16 { UInt16(truncatingIfNeeded: v >> UInt64(16 * b)) }
}
