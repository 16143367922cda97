import Analysis
import Foundation
import Store
import Testing
import WirewatchCore
@testable import Daemon

/// A feed without validators is fetched whole on every poll: the entries it lists again as they were
/// cost no cleaning, because the store keeps the hash of each entry's raw title and body beside the
/// hash of its clean text. Polls of a real feed over HTTP into the real store, counting the cleanings.
@Suite struct UnchangedEntryTests {
    typealias Desk = EditedEntryTests.Desk

    /// The raw hash the store holds for `guid`.
    static func rawHash(_ desk: Desk, _ guid: String) throws -> String? {
        try desk.store.seenEntries(feed: desk.feed.id, keys: [guid])[guid]?.rawHash
    }

    @Test func entriesListedAgainAsTheyWereAreNotCleaned() async throws {
        let desk = try await Desk([.init(guid: "a1", title: "Markets", body: "Shares rose."),
                                   .init(guid: "a2", title: "Weather", body: "Rain <b>later</b>.")])
        let first = await desk.poll()
        #expect(first.newArticles == 2, "\(first.error ?? "")")
        // A new entry's hashes come with its analysis: it is cleaned once, there.
        #expect(desk.cleanings.value == 0)
        #expect(try Self.rawHash(desk, "a1") != nil && Self.rawHash(desk, "a2") != nil)

        // The document changes elsewhere (a 200, not a 304), three times.
        for i in 1...3 {
            desk.site.add(.init(guid: "n\(i)", title: "Sport \(i)", body: "A draw."))
            let report = await desk.poll()
            #expect(report.label == "ok" && report.newArticles == 1 && report.edits == 0)
        }
        #expect(desk.cleanings.value == 0)
        await desk.close()
    }

    @Test func aMarkupChangeIsCleanedOnceNotAnEditAndItsRawHashIsKept() async throws {
        let desk = try await Desk([.init(guid: "w1", title: "Weather", body: "<span class=\"lede\">Rain   later</span>.")])
        _ = await desk.poll()
        let before = try Self.rawHash(desk, "w1")

        desk.site.edit(guid: "w1", body: "<em><span id=\"w\">Rain later</span></em>.")
        let report = await desk.poll()
        #expect(report.label == "ok" && report.edits == 0 && report.editsNotJudged == 0)
        #expect(desk.cleanings.value == 1)
        let after = try Self.rawHash(desk, "w1")
        #expect(after != nil && after != before)
        #expect(try desk.store.feedState(desk.feed.id)?.entriesEdited == 0)

        // Listed again with the new markup: not cleaned again.
        desk.site.add(.init(guid: "n1", title: "Sport", body: "A draw."))
        #expect(await desk.poll().edits == 0)
        #expect(desk.cleanings.value == 1)
        await desk.close()
    }

    @Test func aRealEditIsJudgedAndThenListedWithoutCleaning() async throws {
        let desk = try await Desk([.init(guid: "a1", title: "Markets open", body: "Shares rose in early trading.")])
        _ = await desk.poll()
        desk.site.edit(guid: "a1", title: "Updated: DeepSeek says it distilled rival models",
                       body: "Shares rose. DeepSeek says it used knowledge distillation on OpenAI's models.")
        let edited = await desk.poll()
        #expect(edited.edits == 1 && edited.alerts.map(\.rule) == ["deepseek-distillation"])
        #expect(desk.cleanings.value == 1)
        let stored = try #require(try desk.store.recentArticles(since: .distantPast, limit: 10).first?.article)
        let seen = try #require(try desk.store.seenEntries(feed: desk.feed.id, keys: ["a1"])["a1"])
        #expect(seen.rawHash == RawContentHash.of(stored) && seen.contentHash == ContentHash.of(stored) && seen.edits == 1)

        desk.site.add(.init(guid: "n1", title: "Sport", body: "A draw."))
        #expect(await desk.poll().edits == 0)
        #expect(desk.cleanings.value == 1)
        await desk.close()
    }

    /// A row an older wirewatch wrote has a content hash and no raw hash: it is cleaned and compared as
    /// before (unchanged: not an edit; edited: judged) and gets a raw hash, after which it is not cleaned.
    @Test func rowsWithoutARawHashBehaveAsBeforeAndAreFilled() async throws {
        let desk = try await Desk([.init(guid: "a1", title: "Markets", body: "Shares rose."),
                                   .init(guid: "a2", title: "Weather", body: "Rain later.")])
        _ = await desk.poll()
        // The rows as a store from before `v7-entry-raw-hashes` holds them (a rehash without a raw hash clears it).
        let seen = try desk.store.seenEntries(feed: desk.feed.id, keys: ["a1", "a2"])
        let state = try #require(try desk.store.feedState(desk.feed.id))
        let rehashed = try seen.map { EntryRehash(key: $0.key, contentHash: try #require($0.value.contentHash), edited: false) }
        try desk.store.commit(ArticleBatch(state: state, items: [], rehashed: rehashed), now: desk.clock.now())
        #expect(try Self.rawHash(desk, "a1") == nil && Self.rawHash(desk, "a2") == nil)

        desk.site.edit(guid: "a2", body: "Rain later. DeepSeek used knowledge distillation, forecasters said.")
        let report = await desk.poll()
        #expect(report.edits == 1 && report.alerts.map(\.rule) == ["deepseek-distillation"])
        #expect(desk.cleanings.value == 2)
        #expect(try Self.rawHash(desk, "a1") != nil && Self.rawHash(desk, "a2") != nil)

        desk.site.add(.init(guid: "n1", title: "Sport", body: "A draw."))
        #expect(await desk.poll().edits == 0)
        #expect(desk.cleanings.value == 2)
        await desk.close()
    }
}
