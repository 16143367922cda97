import Analysis
import FeedParsing
import Fetching
import Foundation
import Logging
import Rules
import Store
import WirewatchCore

/// One poll of one feed, from the conditional GET to the outbox commit.
struct FeedPoll: Sendable {
    let fetcher: Fetcher
    let store: any WirewatchStore
    let clock: any WirewatchClock
    let logger: Logger

    /// What a poll did, for logs, status and tests.
    struct Report: Sendable {
        var feed: FeedID
        var outcome: String
        var newArticles = 0
        var newAlerts = 0
        var error: String?
    }

    func poll(_ feed: FeedConfig, setup: WatchSetup) async -> Report {
        var state = (try? store.feedState(feed.id)) ?? FeedState(feed: feed.id, url: feed.url)
        if state.url != feed.url {
            // The operator changed the URL: the old validators belong to the old URL.
            state = FeedState(feed: feed.id, url: feed.url, articlesSeen: state.articlesSeen)
        }
        let request = FetchRequest(url: state.url, etag: state.etag, lastModified: state.lastModified,
                                   headers: feed.headers, totalTimeout: setup.config.poll.timeout, allowFile: feed.allowFile)
        let result = await fetcher.fetch(request)
        let now = clock.now()
        state.lastFetch = now

        if let error = result.error {
            return fail(&state, outcome: error.category.rawValue, message: error.message)
        }
        if result.isNotModified {
            state.lastOutcome = "not-modified"
            state.lastError = nil
            state.errorStreak = 0
            persist(state)
            return Report(feed: feed.id, outcome: "not-modified")
        }
        let parsed = FeedParser.parse(result.body, url: result.finalURL, contentType: result.headers.contentType)
        guard case .feed(let parsedFeed) = parsed else {
            if case .notAFeed(let found, let links) = parsed {
                let hint = links.isEmpty ? "" : " (it advertises: \(links.joined(separator: ", ")))"
                return fail(&state, outcome: "parse", message: "not a feed: found \(found)\(hint)")
            }
            return fail(&state, outcome: "parse", message: "not a feed")
        }

        let articles = parsedFeed.entries.map { Article($0, feed: feed.id, language: parsedFeed.language) }
        let unseen: Set<String>
        do { unseen = try store.unseen(feed: feed.id, keys: articles.map(\.key)) } catch {
            return fail(&state, outcome: "store", message: "\(error)")
        }
        var seenKeys: Set<String> = []
        let fresh = articles.filter { unseen.contains($0.key) && seenKeys.insert($0.key).inserted }
        let allSinks = setup.config.sinks.map(\.id)
        let items = fresh.map { article -> ArticleBatch.Item in
            let analysis = setup.analyzer.analyze(article)
            let matches = setup.rules.match(MatchInput(analysis: analysis, article: article))
            return .init(article: article, alerts: AlertDecision.alerts(for: matches, article: article, analysis: analysis,
                                                                        now: now, allSinks: allSinks))
        }
        state.etag = result.headers.etag
        state.lastModified = result.headers.lastModified
        state.lastOutcome = "ok"
        state.lastError = nil
        state.errorStreak = 0
        do {
            let created = try store.commit(ArticleBatch(state: state, items: items), now: now)
            if !fresh.isEmpty || !created.isEmpty {
                logger.info("feed polled", metadata: ["feed": "\(feed.id)", "new_articles": "\(fresh.count)", "new_alerts": "\(created.count)"])
            }
            return Report(feed: feed.id, outcome: "ok", newArticles: fresh.count, newAlerts: created.count)
        } catch {
            return fail(&state, outcome: "store", message: "\(error)")
        }
    }

    private func fail(_ state: inout FeedState, outcome: String, message: String) -> Report {
        state.lastOutcome = outcome
        state.lastError = message
        state.errorStreak += 1
        persist(state)
        logger.warning("feed failed", metadata: ["feed": "\(state.feed)", "error": "\(outcome): \(message)", "streak": "\(state.errorStreak)"])
        return Report(feed: state.feed, outcome: outcome, error: message)
    }

    private func persist(_ state: FeedState) {
        do { try store.save(state) } catch {
            logger.error("cannot save feed state", metadata: ["feed": "\(state.feed)", "error": "\(error)"])
        }
    }
}
