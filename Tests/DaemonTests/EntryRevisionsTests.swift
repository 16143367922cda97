import Analysis
import Foundation
import Store
import Testing
import WirewatchCore
@testable import Daemon

/// `EntryRevisions` with the real hash functions, counting the cleanings: an entry whose raw title and
/// body are what the store last saw is not cleaned; any other seen entry is, and its clean hash decides.
@Suite struct EntryRevisionsTests {
    static let feed = FeedID("desk")

    static func article(_ key: String, title: String = "Markets", body: String) -> Article {
        Article(key: key, feed: feed, title: title, contentHTML: body)
    }

    /// The store's memory of `article` after it was judged as it is.
    static func seen(_ article: Article, edits: Int = 0, raw: Bool = true) -> SeenEntry {
        SeenEntry(contentHash: ContentHash.of(article), edits: edits, rawHash: raw ? RawContentHash.of(article) : nil)
    }

    /// Sorts `articles`, counting how many were cleaned.
    static func revisions(_ articles: [Article], seen: [String: SeenEntry], maxEdits: Int = 10) -> (EntryRevisions, cleaned: Int) {
        var cleaned = 0
        let revisions = EntryRevisions(articles: articles, seen: seen, maxEdits: maxEdits, rawHash: RawContentHash.of,
                                       hash: { cleaned += 1; return ContentHash.of($0) })
        return (revisions, cleaned)
    }

    @Test func anEntryListedAgainUnderANewKeyIsTheEntrySeenAndKeepsItsOldKeyListed() {
        // A feed that gives every item a new guid on every poll: "b1" is "a1" renamed, since "a1" is listed no more.
        let old = Self.article("a1", body: "<p>Shares rose.</p>")
        let renamed = Self.article("b1", body: "<p>Shares rose.</p>")
        let fresh = Self.article("b2", body: "<p>Rain.</p>")
        let byRaw = [RawContentHash.of(old): "a1"]
        let moved = EntryRevisions(articles: [renamed, fresh], seen: [:], renamedFrom: byRaw, maxEdits: 10,
                                   rawHash: RawContentHash.of, hash: ContentHash.of)
        #expect(moved.judged.map(\.article.key) == ["b2"] && moved.newEntries == 1)
        #expect(moved.renamed == ["a1"])
        // Listed beside the entry it copies, it is another entry: two items of one text, both judged.
        let beside = EntryRevisions(articles: [old, renamed], seen: ["a1": Self.seen(old)], renamedFrom: byRaw, maxEdits: 10,
                                    rawHash: RawContentHash.of, hash: ContentHash.of)
        #expect(beside.judged.map(\.article.key) == ["b1"] && beside.renamed.isEmpty)
    }

    @Test func anEntryListedAsItWasIsNotCleanedNorWritten() {
        let a = Self.article("a", body: "<p>Shares rose.</p>")
        let (revisions, cleaned) = Self.revisions([a, Self.article("new", body: "<p>Rain.</p>")], seen: ["a": Self.seen(a)])
        #expect(cleaned == 0)
        #expect(revisions.judged.map(\.article.key) == ["new"] && revisions.newEntries == 1)
        #expect(revisions.judged.first?.rawHash == RawContentHash.of(Self.article("new", body: "<p>Rain.</p>")))
        #expect(revisions.rehashed.isEmpty)
    }

    @Test func aMarkupChangeIsCleanedOnceNotAnEditAndKeepsTheNewRawHash() {
        let before = Self.article("a", body: "<p class=\"x\">Shares   rose.</p>")
        let after = Self.article("a", body: "<div><p>Shares rose.</p></div>")
        #expect(RawContentHash.of(before) != RawContentHash.of(after))
        let (revisions, cleaned) = Self.revisions([after], seen: ["a": Self.seen(before)])
        #expect(cleaned == 1)
        #expect(revisions.judged.isEmpty && revisions.editsNotJudged == 0)
        #expect(revisions.rehashed == [EntryRehash(key: "a", contentHash: ContentHash.of(before), edited: false,
                                                   rawHash: RawContentHash.of(after))])
    }

    @Test func aChangedWordIsJudgedWithBothNewHashes() throws {
        let before = Self.article("a", body: "<p>Shares rose.</p>")
        let after = Self.article("a", body: "<p>Shares fell.</p>")
        let (revisions, cleaned) = Self.revisions([after], seen: ["a": Self.seen(before, edits: 2)])
        #expect(cleaned == 1)
        let edit = try #require(revisions.judged.first)
        #expect(revisions.edits == 1 && edit.edit == 3)
        #expect(edit.contentHash == ContentHash.of(after) && edit.rawHash == RawContentHash.of(after))

        // Past the limit: counted, and both hashes written.
        let (limited, _) = Self.revisions([after], seen: ["a": Self.seen(before, edits: 2)], maxEdits: 2)
        #expect(limited.judged.isEmpty)
        #expect(limited.rehashed == [EntryRehash(key: "a", contentHash: ContentHash.of(after), edited: true,
                                                 rawHash: RawContentHash.of(after))])
    }

    /// A row from before raw hashes is cleaned and compared as before, and gets its raw hash.
    @Test func aRowWithoutARawHashBehavesAsBeforeAndIsFilled() {
        let a = Self.article("a", body: "<p>Shares rose.</p>")
        let b = Self.article("b", body: "<p>Shares fell.</p>")
        let (revisions, cleaned) = Self.revisions([a, b], seen: ["a": Self.seen(a, raw: false),
                                                                 "b": Self.seen(Self.article("b", body: "<p>Shares rose.</p>"), raw: false)])
        #expect(cleaned == 2)
        #expect(revisions.judged.map(\.article.key) == ["b"] && revisions.edits == 1)
        #expect(revisions.rehashed == [EntryRehash(key: "a", contentHash: ContentHash.of(a), edited: false, rawHash: RawContentHash.of(a))])
    }

    /// A raw hash says nothing for a content hash of another cleaning scheme: the entry is cleaned and refilled.
    @Test func anEqualRawHashBesideAnOldSchemeContentHashIsRefilled() {
        let a = Self.article("a", body: "<p>Shares rose.</p>")
        let old = SeenEntry(contentHash: "c0:whatever", rawHash: RawContentHash.of(a))
        let (revisions, cleaned) = Self.revisions([a], seen: ["a": old])
        #expect(cleaned == 1 && revisions.judged.isEmpty)
        #expect(revisions.rehashed == [EntryRehash(key: "a", contentHash: ContentHash.of(a), edited: false, rawHash: RawContentHash.of(a))])
    }

    /// The upgrade that made table cells paragraphs (scheme c1 → c2) changed the clean text of entries
    /// that did not change: the hash an older version stored for one is refilled, and the entry is not judged as edited.
    @Test func aHashStoredBeforeCellsWereParagraphsIsRefilledNotJudged() {
        let a = Self.article("a", body: "<table><tr><td>Donald</td><td>Trump</td></tr></table>")
        let stored = SeenEntry(contentHash: "c1:" + StableHash.hex("Markets", "Donald\nTrump"), rawHash: RawContentHash.of(a))
        let (revisions, cleaned) = Self.revisions([a], seen: ["a": stored])
        #expect(cleaned == 1 && revisions.judged.isEmpty && revisions.edits == 0)
        #expect(revisions.rehashed == [EntryRehash(key: "a", contentHash: ContentHash.of(a), edited: false, rawHash: RawContentHash.of(a))])
    }

    /// The raw hash covers what is cleaned: the title, and the content, else the summary.
    @Test func theRawHashCoversTheTitleAndTheBodyAnalysisReads() {
        let a = Article(key: "a", feed: Self.feed, title: "Markets", summary: "Short.", contentHTML: "<p>Long.</p>")
        var retitled = a
        retitled.title = "Markets close"
        var resummarised = a
        resummarised.summary = "Shorter."
        var recontented = a
        recontented.contentHTML = "<p>Longer.</p>"
        #expect(RawContentHash.of(retitled) != RawContentHash.of(a))
        #expect(RawContentHash.of(recontented) != RawContentHash.of(a))
        #expect(RawContentHash.of(resummarised) == RawContentHash.of(a))
        // Title and body are kept apart: moving text across the boundary changes the hash.
        #expect(RawContentHash.of(Article(key: "a", feed: Self.feed, title: "ab", contentHTML: "c"))
                    != RawContentHash.of(Article(key: "a", feed: Self.feed, title: "a", contentHTML: "bc")))
    }

    /// Past `maxEdits`, an edit is judged once `lateEdits` has passed since the entry was last judged; one
    /// stored unjudged is judged when its time comes even if the feed lists it unchanged since (trial finding 30).
    @Test func editsPastTheLimitAreJudgedAtMostOncePerLateEditsInterval() {
        let t0 = Date(timeIntervalSince1970: 1_764_403_200)
        let before = Self.article("a", body: "<p>Update 10.</p>")
        let after = Self.article("a", body: "<p>Update 11: news.</p>")
        var seen = Self.seen(before, edits: 2)
        seen.judgedAt = t0
        func sorted(_ entry: SeenEntry, at seconds: TimeInterval) -> EntryRevisions {
            EntryRevisions(articles: [after], seen: ["a": entry], maxEdits: 2, lateEdits: 600, now: t0.addingTimeInterval(seconds),
                           rawHash: RawContentHash.of, hash: ContentHash.of)
        }
        // Too soon: counted, stored, not judged.
        let soon = sorted(seen, at: 60)
        #expect(soon.judged.isEmpty && soon.editsNotJudged == 1)
        // Its time has come: judged as the third edit.
        let due = sorted(seen, at: 600)
        #expect(due.judged.map(\.edit) == [3] && due.editsNotJudged == 0)
        // Stored unjudged, listed unchanged since: judged when due, and not before.
        var unjudged = Self.seen(after, edits: 2)
        unjudged.judgedAt = t0
        unjudged.unjudged = true
        #expect(sorted(unjudged, at: 60).judged.isEmpty)
        #expect(sorted(unjudged, at: 600).judged.map(\.edit) == [3])
        unjudged.unjudged = false
        #expect(sorted(unjudged, at: 600).judged.isEmpty)
        // 0: never again, as before.
        let never = EntryRevisions(articles: [after], seen: ["a": seen], maxEdits: 2, lateEdits: 0, now: t0.addingTimeInterval(86400),
                                   rawHash: RawContentHash.of, hash: ContentHash.of)
        #expect(never.judged.isEmpty && never.editsNotJudged == 1)
    }

    /// What a listing leaves unjudged says when the feed must next be fetched whole (`unjudgedSince`, review
    /// of schedule, finding 3): the last judgement of the oldest entry left waiting; nil once none waits.
    @Test func aListingSaysSinceWhenItsOldestEditNotJudgedWaits() {
        let t0 = Date(timeIntervalSince1970: 1_764_403_200)
        let before = Self.article("a", body: "<p>Update 10.</p>")
        let after = Self.article("a", body: "<p>Update 11: news.</p>")
        var seen = Self.seen(before, edits: 2)
        seen.judgedAt = t0
        var other = Self.seen(Self.article("b", body: "<p>Old.</p>"), edits: 2)
        other.judgedAt = t0.addingTimeInterval(-30)
        other.unjudged = true
        func sorted(_ entries: [String: SeenEntry], at seconds: TimeInterval, maxEdits: Int = 2, lateEdits: TimeInterval = 600) -> EntryRevisions {
            EntryRevisions(articles: [after, Self.article("b", body: "<p>Old.</p>")], seen: entries, maxEdits: maxEdits, lateEdits: lateEdits,
                           now: t0.addingTimeInterval(seconds), rawHash: RawContentHash.of, hash: ContentHash.of)
        }
        #expect(sorted(["a": seen], at: 60).unjudgedSince == t0)
        #expect(sorted(["a": seen, "b": other], at: 60).unjudgedSince == t0.addingTimeInterval(-30))
        // Judged when due: nothing waits.
        let due = sorted(["a": seen, "b": other], at: 600)
        #expect(due.judged.map(\.article.key) == ["a", "b"] && due.unjudgedSince == nil)
        // With late_edits 0 nothing ever falls due.
        #expect(sorted(["a": seen, "b": other], at: 60, lateEdits: 0).unjudgedSince == nil)
        // An edit stored unjudged that a raised max_edits covers is judged as it is listed.
        let raised = sorted(["b": other], at: 60, maxEdits: 5)
        #expect(raised.judged.filter { $0.edit != nil }.map(\.article.key) == ["b"] && raised.unjudgedSince == nil)
    }

    /// An entry stored from a first listing under `backlog: skip` is never judged: not when edited, not
    /// once `lateEdits` has passed (review of schedule, finding 2). Its new raw hash is stored.
    @Test func aBacklogEntryIsNeverJudgedWhateverItsEdits() {
        let t0 = Date(timeIntervalSince1970: 1_764_403_200)
        let before = Self.article("a", body: "<p>Views: 10.</p>")
        let after = Self.article("a", body: "<p>Views: 11.</p>")
        var seen = Self.seen(before)
        seen.judgedAt = t0
        seen.backlog = true
        let edited = EntryRevisions(articles: [after], seen: ["a": seen], maxEdits: 2, lateEdits: 600, now: t0.addingTimeInterval(86400),
                                    rawHash: RawContentHash.of, hash: ContentHash.of)
        #expect(edited.judged.isEmpty && edited.editsNotJudged == 0)
        #expect(edited.rehashed == [EntryRehash(key: "a", contentHash: ContentHash.of(after), edited: false, rawHash: RawContentHash.of(after))])
        // Listed as stored: nothing to write.
        let repeated = EntryRevisions(articles: [before], seen: ["a": seen], maxEdits: 2, lateEdits: 600, now: t0.addingTimeInterval(86400),
                                      rawHash: RawContentHash.of, hash: ContentHash.of)
        #expect(repeated.judged.isEmpty && repeated.rehashed.isEmpty)
    }
}
