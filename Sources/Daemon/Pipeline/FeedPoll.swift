import Analysis
import Delivery
import FeedParsing
import Fetching
import Foundation
import Logging
import Rules
import Store
import WirewatchCore

/// One poll of one feed, from the conditional GET to the outbox commit.
/// New articles go through analysis in chunks, each committed before the next
/// is analysed, so a feed that suddenly carries 10,000 new items holds at most
/// one chunk of analyses in memory; parsing and analysis take a permit from a
/// pool sized to the cores, however many feeds are in flight.
struct FeedPoll: Sendable {
    let fetcher: Fetcher
    let store: any WirewatchStore
    let clock: any WirewatchClock
    let permits: WorkPermits
    let drain: DrainState
    let logger: Logger
    var chunkSize = 100
    /// Where `env:` and `credential:` references of feeds are read.
    var environment = ProcessInfo.processInfo.environment
    /// How a seen entry's clean text is hashed (`ContentHash.of`); a test counts the cleanings through it.
    var contentHash: @Sendable (Article) -> String = ContentHash.of
    let renamedNotice = RenamedEntriesNotice()
    /// Whether the store refuses writes, said once (`StoreWriteTrouble`); the scheduler's saves report to it too.
    let storeTrouble = StoreWriteTrouble()

    /// What a poll did, for the scheduler, logs, status and metrics.
    struct Report: Sendable {
        var feed: FeedID
        var outcome: PollOutcome
        /// "ok", "salvaged", "not-modified", a fetch error category, "config" (a feed's secret unreadable), "parse" or "store".
        var label: String
        /// Set while the feed's document is one read with repairs (this poll's, or the one a 304 kept).
        var salvage: String?
        var newArticles = 0
        /// Seen entries listed with new content: judged again, and past `poll.max_edits` (counted only).
        var edits = 0
        var editsNotJudged = 0
        var alerts: [CreatedAlert] = []
        /// The sinks of the setup the poll ran on, the only ones its alerts queue deliveries for.
        var sinks: Set<String> = []
        /// The fetch's own duration, as libcurl measured it.
        var fetchSeconds: TimeInterval = 0
        /// Cut short by shutdown: not the feed's fault, not to be recorded.
        var abandoned = false
        /// False when a reload removed the feed while it was polled: its metrics, forgotten at the
        /// reload, are not made again (nothing would ever forget them then).
        var configured = true
        var error: String? {
            if case .failed(let f) = outcome { return f.message }
            return nil
        }
    }

    struct CreatedAlert: Sendable, Hashable {
        var id: String
        var rule: String
        var severity: Severity
    }

    /// Polls `feed` at `url` (its configured URL, or where it moved). `firstListing`: the feed (at this URL)
    /// has never been listed successfully, so its `backlog` setting decides whether its entries alert.
    func poll(_ feed: FeedConfig, url: String, setup: WatchSetup, firstListing: Bool = false) async -> Report {
        var state = (try? store.feedState(feed.id)) ?? FeedState(feed: feed.id, url: url)
        if state.url != url {
            // A new URL (edited, or moved): the old validators belong to the old one. The feed's counts
            // stay its own (the churn warning, said once per feed, is not said again).
            state = FeedState(feed: feed.id, url: url, articlesSeen: state.articlesSeen,
                              entriesEdited: state.entriesEdited, editsNotJudged: state.editsNotJudged)
        }
        // An edit stored unjudged has fallen due (`poll.late_edits`): the document is fetched whole, since a 304
        // is not read and would leave the edit unjudged for as long as the feed stays as it is.
        var asked = state
        let lateEdits = setup.config.poll.lateEdits
        if lateEdits > 0, let since = state.unjudgedSince, clock.now() >= since.addingTimeInterval(lateEdits) {
            asked.etag = nil
            asked.lastModified = nil
        }
        let fetch: FeedFetch
        do {
            fetch = try feed.fetch(url: url, state: asked, poll: setup.config.poll, environment: environment)
        } catch {
            state.lastFetch = clock.now()
            return fail(&state, PollFailure(category: "config", message: "\(error)", retryAfter: nil, hostWide: false), seconds: 0)
        }
        let result = await fetcher.fetch(fetch.request)
        let now = clock.now()
        state.lastFetch = now
        let seconds = result.timings.total
        let retryAfter = result.headers.retryAfter?.delay(from: now)

        if let error = result.error {
            let hostWide = error.category == .rateLimited
            // 410 says more than any other 4xx: the feed will not come back, and the scheduler treats it so.
            let category = result.status == 410 ? PollFailure.gone : error.category.rawValue
            return fail(&state, PollFailure(category: category, message: Secret.redact(error.message, fetch.secrets),
                                            retryAfter: retryAfter, hostWide: hostWide), seconds: seconds)
        }
        var signals = FeedSignals(freshness: result.headers.freshness(bounds: 0...TimeInterval.greatestFiniteMagnitude),
                                  // A secret url is not rewritten by a move: the new URL would be kept and shown in the clear.
                                  movedTo: result.movedPermanently && result.finalURL != url && feed.urlSecret == nil ? result.finalURL : nil,
                                  retryAfter: retryAfter)
        if result.isNotModified {
            Self.notModified(&state)
            persist(state)
            return Report(feed: feed.id, outcome: .notModified(signals), label: "not-modified",
                          salvage: Self.salvage(of: state), fetchSeconds: seconds)
        }
        // A secret url's token would reach article URLs through relative links: `#v1` resolves to the base with its
        // query, and article URLs go to the store, alerts and every webhook (review-configside finding 1).
        let secret = feed.urlSecret == nil ? nil : SecretFeedURL(requested: fetch.request.url, answered: result.finalURL)
        let base = secret?.parseBase ?? result.finalURL
        let parsed = await permits.withPermit {
            FeedParser.parse(result.body, url: base, contentType: result.headers.contentType,
                             limits: ParseLimits(maxEntries: setup.config.poll.maxEntries))
        }
        guard case .feed(var parsedFeed) = parsed else {
            var message = "not a feed"
            if case .notAFeed(let found, let links) = parsed {
                message += ": found \(found)" + (links.isEmpty ? "" : " (it advertises: \(links.joined(separator: ", ")))")
            }
            return fail(&state, PollFailure(category: "parse", message: Secret.redact(message, fetch.secrets)), seconds: seconds)
        }
        if let secret { parsedFeed = secret.scrub(parsedFeed) }
        signals.ttl = parsedFeed.ttlMinutes.map { TimeInterval($0) * 60 }
        signals.skipHours = Set(parsedFeed.skipHours)
        signals.skipDays = Set(parsedFeed.skipDays.map(\.rawValue))
        signals.entryDates = parsedFeed.entries.compactMap { $0.published ?? $0.updated }

        let articles = parsedFeed.entries.map { Article($0, feed: feed.id, language: parsedFeed.language) }
        let seen: [String: SeenEntry]
        do { seen = try store.seenEntries(feed: feed.id, keys: articles.map(\.key)) } catch {
            return fail(&state, PollFailure(category: PollFailure.store, message: "\(error)"), seconds: seconds)
        }
        let renamedFrom: [String: String]
        // The new entries' raw hashes, made once: asked of the store here, and by the revisions below.
        let unseenRaw = Dictionary(articles.filter { seen[$0.key] == nil }.map { ($0.key, RawContentHash.of($0)) },
                                   uniquingKeysWith: { first, _ in first })
        do {
            renamedFrom = try store.seenKeys(feed: feed.id, rawHashes: Array(Set(unseenRaw.values)),
                                             since: now.addingTimeInterval(-Self.renameWindow))
        } catch {
            return fail(&state, PollFailure(category: PollFailure.store, message: "\(error)"), seconds: seconds)
        }
        let revisions = await permits.withPermit {
            EntryRevisions(articles: articles, seen: seen, renamedFrom: renamedFrom, maxEdits: setup.config.poll.maxEdits,
                           lateEdits: setup.config.poll.lateEdits, now: now,
                           rawHash: { unseenRaw[$0.key] ?? RawContentHash.of($0) }, hash: contentHash)
        }
        let judged = revisions.judged
        signals.newArticles = revisions.newEntries

        // Validators are saved with the last chunk only: if the daemon stops half-way,
        // the next poll fetches the document again and dedup skips what was committed.
        var validated = state
        validated.etag = result.headers.etag
        validated.lastModified = result.headers.lastModified
        validated.unjudgedSince = revisions.unjudgedSince
        settle(&validated, problems: parsedFeed.problems, before: state)
        // What the document still lists stays seen however old it is (see FeedListing).
        let retention = setup.config.retention
        // Entries listed under new keys keep their old keys listed, so that they stay seen.
        let listed = (retention.seen == nil ? [] : articles.map(\.key)) + revisions.renamed
        let listing = retention.seen == nil && revisions.renamed.isEmpty ? nil : FeedListing(keys: listed, refreshAfter: retention.seenRefresh)
        let chunks = stride(from: 0, to: max(judged.count, 1), by: chunkSize).map { Array(judged[$0..<min($0 + chunkSize, judged.count)]) }
        var created: [CreatedAlert] = []
        let quiet = firstListing && (feed.backlog ?? setup.config.poll.backlog) == .skip
        for (index, chunk) in chunks.enumerated() {
            // Shutdown began: stop between chunks. What is committed stays, each chunk with the validators the
            // poll started with, so the next start fetches the document again and dedup skips what is here.
            if index > 0 && drain.isDraining {
                // New entries come first in `judged`: what the committed chunks hold beyond them are edits. Their
                // alerts are in the outbox and go out at the next start; the report, which the scheduler drops
                // for a stopped poll, carries none.
                let committed = index * chunkSize
                let stored = min(committed, revisions.newEntries)
                logger.notice("poll stopped for shutdown; the next start reads the rest of the feed", metadata: [
                    "feed": "\(feed.id)", "stored": "\(stored)", "edits_judged": "\(committed - stored)",
                    "left": "\(judged.count - committed)", "alerts": "\(created.count)",
                ])
                return Report(feed: feed.id, outcome: .fetched(signals), label: validated.lastOutcome ?? "ok", newArticles: stored,
                              sinks: Set(setup.config.sinks.map(\.id)), fetchSeconds: seconds, abandoned: true)
            }
            let items = await analyse(chunk, setup: setup, now: now, raisingAlerts: !quiet)
            do {
                let last = index == chunks.count - 1
                let batch = ArticleBatch(state: last ? validated : state, items: items, listing: last ? listing : nil,
                                         rehashed: last ? revisions.rehashed : [])
                let admission = AdmittedAlerts()
                created += admission.created(Set(try store.commit(batch, now: now, admission: admission)))
            } catch {
                storeTrouble.failed("the poll's entries", feed: feed.id, error: error, logger: logger)
                return fail(&state, PollFailure(category: PollFailure.store, message: "\(error)"), seconds: seconds)
            }
        }
        // The store took a poll's entries: the one write that says it takes writes again (a feed's small state
        // may go through on a disk too full for the entries, and would say so at every poll). A poll with nothing
        // new commits the feed's state alone: that ends the trouble unless the store is full (review of the lead's
        // mends, 2; review of this session, 7).
        if judged.isEmpty { storeTrouble.savedStateAlone(logger: logger) } else { storeTrouble.saved(logger: logger) }
        // Said once stored (a stop between chunks said it of entries it never stored; trial3 finding 15).
        if quiet && !judged.isEmpty {
            logger.notice("first listing of the feed stored without alerts (backlog: skip)",
                          metadata: ["feed": "\(feed.id)", "entries": "\(judged.count)"])
        }
        if !judged.isEmpty || !created.isEmpty {
            logger.info("feed polled", metadata: ["feed": "\(feed.id)", "new_articles": "\(revisions.newEntries)",
                                                  "edited_articles": "\(revisions.edits)", "new_alerts": "\(created.count)"])
        }
        noteChurn(revisions, before: state, setup: setup)
        noteRenamed(revisions, feed: feed.id)
        return Report(feed: feed.id, outcome: .fetched(signals), label: validated.lastOutcome ?? "ok",
                      salvage: Self.salvage(of: validated), newArticles: revisions.newEntries,
                      edits: revisions.edits, editsNotJudged: revisions.editsNotJudged, alerts: created,
                      sinks: Set(setup.config.sinks.map(\.id)), fetchSeconds: seconds)
    }

    /// Analyses and matches one chunk, the articles in parallel up to the permit limit.
    /// `raisingAlerts` false: the articles are stored without being matched (a first listing under `backlog: skip`),
    /// the new ones marked so that their later edits are not judged either.
    private func analyse(_ chunk: [EntryRevisions.Judgement], setup: WatchSetup, now: Date,
                         raisingAlerts: Bool) async -> [ArticleBatch.Item] {
        let allSinks = setup.config.sinks.map(\.id)
        return await withTaskGroup(of: (Int, ArticleBatch.Item).self) { group in
            for (i, entry) in chunk.enumerated() {
                group.addTask {
                    await permits.withPermit {
                        let article = entry.article
                        let analysis = setup.analyzer.analyze(article)
                        let matches = raisingAlerts ? setup.rules.match(MatchInput(analysis: analysis, article: article)) : []
                        var alerts = AlertDecision.alerts(for: matches, article: article, analysis: analysis, now: now, allSinks: allSinks)
                        for a in alerts.indices { alerts[a].record.revision = entry.edit }
                        return (i, ArticleBatch.Item(article: article, alerts: alerts,
                                                     contentHash: entry.contentHash ?? ContentHash.of(analysis), edit: entry.edit,
                                                     rawHash: entry.rawHash, backlog: !raisingAlerts && entry.edit == nil))
                    }
                }
            }
            var items: [(Int, ArticleBatch.Item)] = []
            for await item in group { items.append(item) }
            return items.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    private func fail(_ state: inout FeedState, _ failure: PollFailure, seconds: TimeInterval) -> Report {
        var report = Report(feed: state.feed, outcome: .failed(failure), label: failure.category, fetchSeconds: seconds)
        // A poll we cut short (shutdown, or a cancelled fetch) says nothing about the feed.
        if drain.isAbandoning || failure.category == FetchErrorCategory.cancelled.rawValue {
            report.abandoned = true
            return report
        }
        // The store's failure is the daemon's, not the feed's: the feed's streak stays (PollPlanner keeps its pace).
        if !failure.isTheStores {
            Self.failing(&state)
            state.errorStreak += 1
        }
        state.lastOutcome = failure.category
        state.lastError = failure.message
        persist(state)
        // A store that refuses writes is said once by `storeTrouble`, not by every feed at every poll.
        logger.log(level: failure.isTheStores && storeTrouble.isFailing ? .debug : .warning, "feed failed",
                   metadata: ["feed": "\(state.feed)", "error": "\(failure.category): \(failure.message)", "streak": "\(state.errorStreak)"])
        return report
    }

    private func persist(_ state: FeedState) {
        do {
            try store.save(state)
        } catch {
            storeTrouble.failed("feed state", feed: state.feed, error: error, logger: logger)
        }
    }
}
