import Analysis
import Foundation
import Store
import WirewatchCore

/// One story, one id: an article whose fingerprint lies within a few bits of
/// one seen recently joins that story; otherwise its own fingerprint names a
/// new story. The store finds candidates through four 16-bit bands, which
/// catches every pair within 3 bits (pigeonhole), so `maxDistance` is at most 3.
public struct StoryRegistry: Sendable {
    /// How long a fingerprint is remembered after it was last seen.
    public var memory: TimeInterval
    public var maxDistance: Int

    /// How long a story's fingerprint is looked at by default: a week.
    public static let defaultMemory: TimeInterval = 7 * 86400

    public init(memory: TimeInterval = defaultMemory, maxDistance: Int = 3) {
        self.memory = memory
        self.maxDistance = min(maxDistance, 3)
    }

    /// The story `fingerprint` belongs to, remembered for the next article. `joined`: the story the
    /// article is already in (an edit of it), which it keeps; its new fingerprint is filed under it.
    public func resolve(_ fingerprint: UInt64, joined: String? = nil, ledger: any OutboxLedger, now: Date) throws -> String {
        let story: String
        if let joined {
            story = joined
        } else {
            let known = try ledger.fingerprints(sharingABandWith: fingerprint, since: now.addingTimeInterval(-memory))
            story = Self.story(of: fingerprint, among: known, maxDistance: maxDistance) ?? StableHash.hex64(fingerprint)
        }
        try ledger.remember(fingerprint: fingerprint, story: story, now: now)
        return story
    }

    /// The story of the nearest known fingerprint within `maxDistance` bits (ties: the older story id).
    public static func story(of fingerprint: UInt64, among known: [KnownFingerprint], maxDistance: Int) -> String? {
        known.filter { StoryFingerprint.sameStory($0.fingerprint, fingerprint, maxDistance: maxDistance) }
            .min { a, b in
                let da = StoryFingerprint.distance(a.fingerprint, fingerprint)
                let db = StoryFingerprint.distance(b.fingerprint, fingerprint)
                return da != db ? da < db : a.story < b.story
            }?.story
    }
}
