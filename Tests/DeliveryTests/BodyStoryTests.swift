import Analysis
import Foundation
import GRDB
import TestSupport
@testable import Store
import Testing
import WirewatchCore
@testable import Delivery

/// A wire report under another outlet's headline joins the story through its body fingerprint; a
/// body one feed repeats under different headlines does not. The registry in a real store, inside
/// the commit, one windowless `per: story` rule: every story alerts once.
@Suite struct BodyStoryTests {
    let now = OutboxFixture.start
    let body: UInt64 = 0x0123_4567_89AB_CDEF

    /// An article of `feed` whose full fingerprint is its own (far from every other's), with `body`.
    func article(_ feed: String, _ n: UInt64, body: UInt64?, joined: String? = nil, fingerprint: UInt64? = nil,
                 title: String? = nil) -> ArticleBatch {
        let fingerprint = fingerprint ?? StableHash.fnv1a64([feed, "\(n)"])
        var record = OutboxFixture.record("provisional-\(feed)-\(n)", rule: "r", feed: feed)
        record.story = StableHash.hex64(fingerprint)
        let article = Article(key: "\(feed)-\(n)", feed: FeedID(feed), title: "headline \(n)")
        record.article.id = article.id
        return ArticleBatch(state: FeedState(feed: FeedID(feed), url: "http://\(feed)"), items: [
            .init(article: article, alerts: [OutboxAlert(record: record, sinks: ["log"], claim: StoryClaim(
                fingerprint: fingerprint, per: "story", window: 0, joinedStory: joined, bodyFingerprint: body,
                titleWords: title.flatMap { StoryFingerprint.titleWords(Tokenizer.words($0), titleEnd: .max) }))]),
        ])
    }

    func stories(_ store: SQLiteStore) throws -> [String] {
        try store.dueDeliveries(sink: "log", now: .distantFuture, limit: 100).map(\.record.story)
    }

    @Test func aReportUnderAnotherHeadlineInAnotherFeedJoinsItsStory() throws {
        let store = try OutboxFixture.store()
        #expect(try store.commit(article("bbc", 1, body: body), now: now, admission: AlertAdmission()).count == 1)
        // Three bits off, one in each of three bands: a lightly edited copy.
        let copy = body ^ (1 << 2) ^ (1 << 20) ^ (1 << 50)
        #expect(try store.commit(article("reuters", 1, body: copy), now: now.addingTimeInterval(60), admission: AlertAdmission()).isEmpty)
        #expect(try store.commit(article("ap", 1, body: body), now: now.addingTimeInterval(120), admission: AlertAdmission()).isEmpty)
        #expect(try stories(store) == [StableHash.hex64(StableHash.fnv1a64(["bbc", "1"]))])
    }

    @Test func aBodyFourBitsOffIsAnotherStory() throws {
        let store = try OutboxFixture.store()
        try store.commit(article("bbc", 1, body: body), now: now, admission: AlertAdmission())
        #expect(try store.commit(article("reuters", 1, body: body ^ 0b1111), now: now, admission: AlertAdmission()).count == 1)
    }

    /// A paywall teaser or a podcast blurb: one feed, one body, five headlines, five stories.
    @Test func aFeedRepeatingOneBodyUnderFiveTitlesIsFiveStories() throws {
        let store = try OutboxFixture.store()
        for n in 1...5 {
            #expect(try store.commit(article("podcast", UInt64(n), body: body), now: now.addingTimeInterval(Double(n) * 60),
                                     admission: AlertAdmission()).count == 1)
        }
        #expect(Set(try stories(store)).count == 5)
    }

    /// Once a feed has carried a body in two stories, the body is boilerplate for every feed: a sister
    /// publication running the same teaser under its own headline is its own story too.
    @Test func aBodyOneFeedCarriedInTwoStoriesJoinsNothingElsewhere() throws {
        let store = try OutboxFixture.store()
        try store.commit(article("times", 1, body: body), now: now, admission: AlertAdmission())
        try store.commit(article("times", 2, body: body ^ 1), now: now.addingTimeInterval(60), admission: AlertAdmission())
        #expect(try store.commit(article("sunday-times", 1, body: body), now: now.addingTimeInterval(120), admission: AlertAdmission()).count == 1)
        #expect(Set(try stories(store)).count == 3)
    }

    /// A weekly show's blurb in its own feed and, half a week later, in a network's: the show's next
    /// episode, just over the registry's week after its last, still sees that its own feed carried the
    /// body (the guard looks at every body row the store keeps, and the store keeps a row while its
    /// story is known), so it is a new story rather than the network's copy.
    @Test func aFeedsOwnBodyStillMarksItBoilerplateAfterTheJoinWindow() throws {
        let store = try OutboxFixture.store()
        let day: TimeInterval = 86400
        #expect(try store.commit(article("show", 1, body: body), now: now, admission: AlertAdmission()).count == 1)
        #expect(try store.commit(article("network", 1, body: body), now: now.addingTimeInterval(3.5 * day),
                                 admission: AlertAdmission()).isEmpty)
        let next = now.addingTimeInterval(7.1 * day)
        var sweep = RetentionSweep(store: store, cutoffs: PruneCutoffs(
            stories: next.addingTimeInterval(-StoryRegistry.defaultMemory), throttles: next.addingTimeInterval(-StoryRegistry.defaultMemory)))
        while try sweep.next() != nil {}
        #expect(try store.commit(article("show", 2, body: body), now: next, admission: AlertAdmission()).count == 1)
        #expect(Set(try stories(store)).count == 2)
    }

    /// A full fingerprint near another's but not equal is not trusted over a body the article's feed
    /// has carried already (two headlines over one teaser); an exact one is. Nor, once a feed has carried
    /// the body in two stories, over that body in another feed: the body is boilerplate (page chrome a
    /// publisher's feeds share), and a near full match is the chrome speaking, not the story
    /// (trial5 finding 16: its Fed story joined a US export-controls story by 3 bits of 800 words of chrome).
    /// An exact copy from another feed still joins.
    @Test func aNearFullMatchOverABoilerplateBodyIsANewStory() throws {
        let store = try OutboxFixture.store()
        let first = StableHash.fnv1a64(["teaser", "1"])
        try store.commit(article("paywalled", 1, body: body, fingerprint: first), now: now, admission: AlertAdmission())
        #expect(try store.commit(article("paywalled", 2, body: body, fingerprint: first ^ 0b101), now: now.addingTimeInterval(60),
                                 admission: AlertAdmission()).count == 1)
        #expect(try store.commit(article("paywalled", 3, body: body, fingerprint: first), now: now.addingTimeInterval(120),
                                 admission: AlertAdmission()).isEmpty)
        #expect(try store.commit(article("other", 1, body: body ^ (1 << 40), fingerprint: first ^ 0b110), now: now.addingTimeInterval(180),
                                 admission: AlertAdmission()).count == 1)
        #expect(try store.commit(article("another", 1, body: body ^ (1 << 40), fingerprint: first), now: now.addingTimeInterval(240),
                                 admission: AlertAdmission()).isEmpty)
        #expect(Set(try stories(store)).count == 3)
    }

    /// Before any feed has carried the body twice, a near full match from another feed joins: the same
    /// report lightly edited by a second outlet.
    @Test func aNearFullMatchFromAnotherFeedJoinsWhileTheBodyIsNotBoilerplate() throws {
        let store = try OutboxFixture.store()
        let first = StableHash.fnv1a64(["report", "1"])
        try store.commit(article("wire", 1, body: body, fingerprint: first), now: now, admission: AlertAdmission())
        #expect(try store.commit(article("outlet", 1, body: body ^ 1, fingerprint: first ^ 0b110), now: now.addingTimeInterval(60),
                                 admission: AlertAdmission()).isEmpty)
        #expect(Set(try stories(store)).count == 1)
    }

    /// A feed that re-posts a report under a reworded headline (a new guid, "UPDATE 1-…") carries one report, not a
    /// teaser: its re-post joins the report's story, and another outlet's copy, a few bits off, still joins it. Before
    /// titles were weighed, the re-post made the body boilerplate for every feed and each outlet's copy was a story
    /// (one alert per outlet; review of s26, 10). Different headlines over the body still make it boilerplate.
    @Test func aReportRepostedUnderARewordedHeadlineIsOneStoryEverywhere() throws {
        let store = try OutboxFixture.store()
        let first = StableHash.fnv1a64(["wire", "1"])
        try store.commit(article("wire", 1, body: body, fingerprint: first, title: "Fed holds rates steady"), now: now, admission: AlertAdmission())
        #expect(try store.commit(article("wire", 2, body: body, fingerprint: first ^ 0b11, title: "UPDATE 1-Fed holds rates steady"),
                                 now: now.addingTimeInterval(60), admission: AlertAdmission()).isEmpty)
        #expect(try store.commit(article("outlet", 1, body: body ^ 1, fingerprint: first ^ 0b110, title: "Fed keeps rates on hold"),
                                 now: now.addingTimeInterval(120), admission: AlertAdmission()).isEmpty)
        #expect(Set(try stories(store)) == [StableHash.hex64(first)])
        // Page chrome: the same feed, the same body, another headline; then a third feed near it is its own story.
        #expect(try store.commit(article("wire", 3, body: body, fingerprint: first ^ 0b1000, title: "BoE cuts rates by a quarter point"),
                                 now: now.addingTimeInterval(180), admission: AlertAdmission()).count == 1)
        #expect(try store.commit(article("third", 1, body: body, fingerprint: first ^ 0b1_0000, title: "Markets rally"),
                                 now: now.addingTimeInterval(240), admission: AlertAdmission()).count == 1)
    }

    @Test func titlesShareMoreThanHalfTheirWords() {
        func words(_ t: String) -> UInt64? { StoryFingerprint.titleWords(Tokenizer.words(t), titleEnd: .max) }
        #expect(StoryFingerprint.sameHeadline(words("Fed holds rates steady"), words("UPDATE 1-Fed holds rates steady")))
        #expect(!StoryFingerprint.sameHeadline(words("Fed holds rates"), words("BoE holds rates")))
        #expect(!StoryFingerprint.sameHeadline(words("Fed holds rates"), nil))
    }

    @Test func withoutABodyFingerprintNothingJoinsByBody() throws {
        let store = try OutboxFixture.store()
        try store.commit(article("bbc", 1, body: nil), now: now, admission: AlertAdmission())
        try store.commit(article("reuters", 1, body: body), now: now, admission: AlertAdmission())
        #expect(try store.commit(article("ap", 1, body: nil), now: now, admission: AlertAdmission()).count == 1)
        #expect(Set(try stories(store)).count == 3)
    }

    /// An edit keeps the story its entry joined, whatever its body is near, and filing its body there
    /// does not make that body look repeated by its feed: another outlet's copy still joins.
    @Test func anEditStaysInItsStoryAndDoesNotMakeItsBodyBoilerplate() throws {
        let store = try OutboxFixture.store()
        let a = AlertAdmission()
        try store.commit(article("bbc", 1, body: body), now: now, admission: a)
        let story = StableHash.hex64(StableHash.fnv1a64(["bbc", "1"]))
        // The same entry edited, new headline and all: its full fingerprint moves, its story does not.
        var edit = article("bbc", 2, body: body ^ 1, joined: story)
        edit.items[0].alerts[0].record.revision = 1
        try store.commit(edit, now: now.addingTimeInterval(60), admission: a)
        #expect(try store.commit(article("reuters", 1, body: body), now: now.addingTimeInterval(120), admission: a).isEmpty)
        #expect(Set(try stories(store)) == [story])
    }

    @Test func bodiesAreForgottenWithTheStories() throws {
        let store = try OutboxFixture.store()
        try store.commit(article("bbc", 1, body: body), now: now, admission: AlertAdmission())
        var sweep = RetentionSweep(store: store, cutoffs: PruneCutoffs(stories: now.addingTimeInterval(1)))
        var deleted = 0
        while let batch = try sweep.next() { deleted += batch.rows }
        #expect(deleted == 2)  // the full fingerprint and the body
        #expect(try store.commit(article("reuters", 1, body: body), now: now.addingTimeInterval(60), admission: AlertAdmission()).count == 1)
    }

    /// A store an older wirewatch left (before v6-story-bodies) opens with the body table added: its
    /// stories are still found by their full fingerprint, and a body seen from then on joins.
    @Test func aStoreFromBeforeBodiesKeepsItsStoriesAndJoinsByBodyFromThen() throws {
        let path = try makeTemporaryDirectory("bodies-upgrade").appendingPathComponent("state.sqlite").path
        let old = article("bbc", 1, body: nil)
        do {
            let queue = try DatabaseQueue(path: path)
            try StoreSchema.migrator.migrate(queue, upTo: "v5-entry-revisions")
            let fingerprint = try #require(old.items[0].alerts[0].claim?.fingerprint)
            try queue.write { db in
                let b = FingerprintBands.of(fingerprint)
                try db.execute(sql: """
                    INSERT INTO story_fingerprint (fingerprint, story, band0, band1, band2, band3, first_seen, last_seen)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [Int64(bitPattern: fingerprint), StableHash.hex64(fingerprint), b[0], b[1], b[2], b[3], now, now])
            }
            try queue.close()
        }
        let store = try SQLiteStore(path: path)
        var again = old
        again.items[0].alerts[0].claim?.bodyFingerprint = body
        #expect(try store.commit(again, now: now.addingTimeInterval(60), admission: AlertAdmission()).count == 1)
        #expect(try store.commit(article("reuters", 1, body: body), now: now.addingTimeInterval(120), admission: AlertAdmission()).isEmpty)
        #expect(try stories(store) == [StableHash.hex64(StableHash.fnv1a64(["bbc", "1"]))])
    }

    /// A row older than the join window is joined by nothing, and still counts as evidence.
    @Test func anOldBodyJoinsNothingButStillMarksItsFeed() {
        let old = now.addingTimeInterval(-86400)
        let known = [KnownBody(body: body, feed: "a", story: "old", lastSeen: old),
                     KnownBody(body: body ^ 1, feed: "b", story: "recent", lastSeen: now)]
        #expect(StoryRegistry.story(ofBody: body, feed: "z", among: Array(known.prefix(1)), maxDistance: 3, since: now) == nil)
        #expect(StoryRegistry.story(ofBody: body, feed: "z", among: known, maxDistance: 3, since: now) == "recent")
        #expect(StoryRegistry.story(ofBody: body, feed: "a", among: known, maxDistance: 3, since: now) == nil)
    }

    /// The registry's choice among known bodies, as a value.
    @Test func theNearestBodyOfAnotherFeedIsTheStory() {
        let known = [KnownBody(body: body ^ 0b111, feed: "a", story: "far", lastSeen: now),
                     KnownBody(body: body ^ 0b1, feed: "b", story: "near", lastSeen: now),
                     KnownBody(body: body ^ 0xFF, feed: "c", story: "other", lastSeen: now)]
        #expect(StoryRegistry.story(ofBody: body, feed: "z", among: known, maxDistance: 3, since: now) == "near")
        // The article's own feed carried it already: boilerplate.
        #expect(StoryRegistry.story(ofBody: body, feed: "a", among: known, maxDistance: 3, since: now) == nil)
        #expect(StoryRegistry.story(ofBody: body ^ 0xFFFF, feed: "z", among: known, maxDistance: 3, since: now) == nil)
    }

    /// Articles without words (fingerprint 0: an emoji, an image) are each a story of their own: all were one story,
    /// and a windowless `per: story` rule on such a feed alerted on the first and never again (trial5 finding 22). An
    /// edit of one keeps its story.
    @Test func articlesWithoutWordsAreEachAStoryOfTheirOwn() throws {
        let store = try OutboxFixture.store()
        #expect(try store.commit(article("emoji", 1, body: 0, fingerprint: 0), now: now, admission: AlertAdmission()).count == 1)
        #expect(try store.commit(article("emoji", 2, body: 0, fingerprint: 0), now: now.addingTimeInterval(60), admission: AlertAdmission()).count == 1)
        let both = try stories(store)
        #expect(both.count == 2 && Set(both).count == 2 && !both.contains("0000000000000000"), "\(both)")
        #expect(try store.commit(article("emoji", 1, body: 0, joined: both[0], fingerprint: 0), now: now.addingTimeInterval(120),
                                 admission: AlertAdmission()).isEmpty, "an edit of one keeps its story, throttled")
    }
}
