import Analysis
import Foundation
import Store
import WirewatchCore

/// One story, one id: an article whose fingerprint lies within a few bits of
/// one seen recently joins that story; otherwise its own fingerprint names a
/// new story. Failing that, a body fingerprint near one another feed carried
/// joins its story (a wire report under another outlet's headline), unless the
/// body is boilerplate. The store finds candidates through four 16-bit bands, which
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
    /// `body`: the fingerprint of the article's body alone, `title` its title's words
    /// (`StoryFingerprint.titleWords`), and `feed` the feed that carries it: when the full fingerprint
    /// finds no story, a body near one that another feed carried joins that story, unless the body is
    /// boilerplate (`story(ofBody:title:feed:among:maxDistance:since:)`).
    /// `article`: the article's id, which names the story of an article without words (fingerprint 0: no shingles,
    /// no identity to share): each such article is a story of its own, neither found nor remembered by its
    /// fingerprint. All of them were one story, `0000000000000000`, so a `per: story` rule on an image or emoji feed
    /// alerted on the first and never again (trial5 finding 22).
    public func resolve(_ fingerprint: UInt64, body: UInt64?, title: UInt64? = nil, feed: String, joined: String?, article: String,
                        in ledger: any StoryMemory, now: Date) throws -> String {
        if fingerprint == 0 { return joined ?? StableHash.hex64(StableHash.fnv1a64(["wordless", feed, article])) }
        let story: String
        let since = now.addingTimeInterval(-memory)
        if let joined {
            story = joined
        } else {
            let bodies = try body.map { try ledger.bodies(sharingABandWith: $0) } ?? []
            if let found = Self.story(of: fingerprint, among: try ledger.fingerprints(sharingABandWith: fingerprint, since: since),
                                      maxDistance: Self.isBoilerplate(body, title: title, feed: feed, among: bodies, maxDistance: maxDistance) ? 0 : maxDistance) {
                story = found
            } else if let body, let found = Self.story(ofBody: body, title: title, feed: feed, among: bodies, maxDistance: maxDistance, since: since) {
                story = found
            } else {
                story = StableHash.hex64(fingerprint)
            }
        }
        try ledger.remember(fingerprint: fingerprint, story: story, now: now)
        if let body { try ledger.remember(body: body, feed: feed, story: story, title: title, now: now) }
        return story
    }

    /// Whether `body` is boilerplate (within `maxDistance` bits), as far as the store remembers: `feed`
    /// has carried it already under another headline, or any feed has carried it in two stories under
    /// two headlines. Such a body (a teaser, a blurb, a page's navigation and "Most read" list) is
    /// repeated under each headline, and the headline alone is too little text to tell two stories
    /// apart: two titles over one 60-word teaser, or over 800 words of page chrome, fall within 3
    /// bits. Only an exact full match joins then; a near one is a new story, a duplicate alert being
    /// the lesser harm beside a rule gone silent. An edit keeps its story through `joined`, and an
    /// exact copy (same title, same body) still joins. (The full fingerprint's guard looked at the
    /// article's own feed only, so another feed's story under the same chrome joined the first:
    /// trial5 finding 16.) Headlines are told by their words (`StoryFingerprint.sameHeadline`): a feed
    /// that re-posts a report under a reworded headline ("UPDATE 1-…") carries one report, not a
    /// teaser, and every other outlet's copy of it had become a story of its own (review of s26, 10).
    /// A row from before titles were kept (nil) counts as another headline, as all did before.
    static func isBoilerplate(_ body: UInt64?, title: UInt64?, feed: String, among known: [KnownBody], maxDistance: Int) -> Bool {
        guard let body else { return false }
        let near = known.filter { StoryFingerprint.sameStory($0.body, body, maxDistance: maxDistance) }
        if near.contains(where: { $0.feed == feed && !StoryFingerprint.sameHeadline($0.title, title) }) { return true }
        return Dictionary(grouping: near, by: \.feed).values.contains { rows in
            rows.contains { a in rows.contains { b in a.story != b.story && !StoryFingerprint.sameHeadline(a.title, b.title) } }
        }
    }

    /// The story of the nearest known fingerprint within `maxDistance` bits.
    public static func story(of fingerprint: UInt64, among known: [KnownFingerprint], maxDistance: Int) -> String? {
        nearest(to: fingerprint, among: known, by: \.fingerprint, story: \.story, maxDistance: maxDistance)
    }

    /// The story a body joins: the nearest body last seen since `since` within `maxDistance` bits,
    /// when the body is not boilerplate. An article reaches this only when its full fingerprint found
    /// no story, so it starts one of its own unless it joins here; a body is boilerplate, and joins
    /// nothing, when `feed` has carried it already (a paywall teaser, a podcast blurb under the feed's
    /// next title) or any feed has carried it in two stories. Wire copy is carried once per outlet; a
    /// body one feed repeats under different headlines is that feed's, not a report's. This counts
    /// stories, not titles: an edited entry keeps its story (`joined`), so a new headline on an edit
    /// does not make its body look repeated. The guards look at every row in `known`, however old:
    /// were the evidence forgotten with the joins, a weekly blurb a week and a bit after its last
    /// airing would join the copy another feed carried meanwhile, every week.
    public static func story(ofBody body: UInt64, title: UInt64? = nil, feed: String, among known: [KnownBody], maxDistance: Int,
                             since: Date) -> String? {
        guard !isBoilerplate(body, title: title, feed: feed, among: known, maxDistance: maxDistance) else { return nil }
        let near = known.filter { StoryFingerprint.sameStory($0.body, body, maxDistance: maxDistance) }
        return nearest(to: body, among: near.filter { $0.lastSeen >= since }, by: \.body, story: \.story, maxDistance: maxDistance)
    }

    /// The story of the known fingerprint nearest `fingerprint` within `maxDistance` bits; a tie goes
    /// to the lesser story id, so the choice does not hang on the order the store returns rows in.
    private static func nearest<Known>(to fingerprint: UInt64, among known: [Known], by print: KeyPath<Known, UInt64>,
                                       story: KeyPath<Known, String>, maxDistance: Int) -> String? {
        known.filter { StoryFingerprint.sameStory($0[keyPath: print], fingerprint, maxDistance: maxDistance) }
            .min { a, b in
                let da = StoryFingerprint.distance(a[keyPath: print], fingerprint)
                let db = StoryFingerprint.distance(b[keyPath: print], fingerprint)
                return da != db ? da < db : a[keyPath: story] < b[keyPath: story]
            }?[keyPath: story]
    }
}
