import Foundation
import Store

/// The story registry's memory kept in memory, as the store keeps it (a fingerprint's story, and
/// which feed carried which body in which story), for `rules backtest`: it resolves the stories of
/// stored articles as the daemon did, without writing to the store it reads.
public final class StoriesInMemory: StoryMemory {
    private var stories: [UInt64: (story: String, lastSeen: Date)] = [:]
    private struct BodyKey: Hashable { var body: UInt64; var feed: String; var story: String }
    private var bodies: [BodyKey: Date] = [:]

    public init() {}

    /// Every fingerprint seen since `since`: the registry keeps those within its distance, and a
    /// backtest holds at most `--limit` articles, so no band index is needed.
    public func fingerprints(sharingABandWith fingerprint: UInt64, since: Date) throws -> [KnownFingerprint] {
        stories.compactMap { f, s in s.lastSeen >= since ? KnownFingerprint(fingerprint: f, story: s.story, lastSeen: s.lastSeen) : nil }
    }

    public func remember(fingerprint: UInt64, story: String, now: Date) throws {
        stories[fingerprint] = (stories[fingerprint]?.story ?? story, now)
    }

    public func bodies(sharingABandWith body: UInt64, since: Date) throws -> [KnownBody] {
        bodies.compactMap { k, lastSeen in
            lastSeen >= since ? KnownBody(body: k.body, feed: k.feed, story: k.story, lastSeen: lastSeen) : nil
        }
    }

    public func remember(body: UInt64, feed: String, story: String, now: Date) throws {
        bodies[BodyKey(body: body, feed: feed, story: story)] = now
    }
}
