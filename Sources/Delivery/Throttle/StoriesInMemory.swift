import Foundation
import Store

/// The story registry's memory kept in memory, as the store keeps it (a fingerprint's story, and
/// which feed carried which body in which story, each found by its 16-bit bands), for `rules
/// backtest`: it resolves the stories of stored articles as the daemon did, without writing to the
/// store it reads.
public final class StoriesInMemory: StoryMemory {
    private var stories: [UInt64: (story: String, lastSeen: Date)] = [:]
    private var storyBands = BandIndex<UInt64>()
    private struct BodyKey: Hashable { var body: UInt64; var feed: String; var story: String }
    private var bodies: [BodyKey: (lastSeen: Date, title: UInt64?)] = [:]
    private var bodyBands = BandIndex<BodyKey>()

    public init() {}

    public func fingerprints(sharingABandWith fingerprint: UInt64, since: Date) throws -> [KnownFingerprint] {
        storyBands.sharingABand(with: fingerprint).compactMap { f in
            stories[f].flatMap { $0.lastSeen >= since ? KnownFingerprint(fingerprint: f, story: $0.story, lastSeen: $0.lastSeen) : nil }
        }
    }

    /// A fingerprint keeps the story it was first filed under, as the store's row does.
    public func remember(fingerprint: UInt64, story: String, now: Date) throws {
        if stories[fingerprint] == nil { storyBands.add(fingerprint, bands: fingerprint) }
        stories[fingerprint] = (stories[fingerprint]?.story ?? story, now)
    }

    public func bodies(sharingABandWith body: UInt64) throws -> [KnownBody] {
        bodyBands.sharingABand(with: body).compactMap { k in
            bodies[k].map { KnownBody(body: k.body, feed: k.feed, story: k.story, lastSeen: $0.lastSeen, title: $0.title) }
        }
    }

    /// A body keeps the first title it was carried under, as the store's row does.
    public func remember(body: UInt64, feed: String, story: String, title: UInt64?, now: Date) throws {
        let key = BodyKey(body: body, feed: feed, story: story)
        if bodies[key] == nil { bodyBands.add(key, bands: body) }
        bodies[key] = (now, bodies[key]?.title ?? title)
    }
}

/// Keys filed under each of their fingerprint's four bands.
private struct BandIndex<Key: Hashable> {
    private var bands: [[Int: [Key]]] = Array(repeating: [:], count: 4)

    mutating func add(_ key: Key, bands fingerprint: UInt64) {
        for (i, band) in FingerprintBands.of(fingerprint).enumerated() { bands[i][band, default: []].append(key) }
    }

    /// Each key once, whichever bands it shares.
    func sharingABand(with fingerprint: UInt64) -> [Key] {
        var seen: Set<Key> = []
        return FingerprintBands.of(fingerprint).enumerated().flatMap { i, band in bands[i][band] ?? [] }.filter { seen.insert($0).inserted }
    }
}
