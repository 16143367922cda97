import Delivery
import Fetching
import Foundation
import Logging
import PostgresStore
import Store
import TestSupport
import WirewatchCore
@testable import Daemon

/// A delivery crew on a real store in a temporary directory (or, `shared`, a database of the test
/// process's PostgreSQL server), and alerts queued in it as a poll queues them.
final class CrewOnAStore: Sendable {
    let dir: TemporaryDirectory
    let store: any DaemonStore
    let clock = ManualClock()
    let fetcher = Fetcher()
    let crew: DeliveryCrew
    /// The PostgreSQL database, when `shared`, for `PostgresServer.psql`.
    let database: String?

    /// `logger`: the crew's, quiet unless given.
    init(_ label: String, shared: Bool = false, logger given: Logger? = nil) throws {
        dir = try TemporaryDirectory(label)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        if shared {
            let url = try PostgresServer.shared().makeDatabase(label)
            database = URLComponents(string: url).map { String($0.path.dropFirst()) }
            store = try PostgresStore(url: url, owner: "daemon-a", logger: logger)
        } else {
            database = nil
            store = try SQLiteStore(path: dir.url.appendingPathComponent("state.sqlite").path)
        }
        crew = DeliveryCrew(store: store, fetcher: fetcher, clock: clock, doorbell: Doorbell(), logger: given ?? logger,
                             states: SinkStates(store: store, logger: logger))
    }

    deinit { fetcher.shutdown() }

    /// Commits alert `id` with its article, pending for `sinks`.
    func queueAlert(_ id: String, sinks: [String]) throws {
        let article = Article(key: "k", feed: FeedID("f"), title: "Title")
        let record = AlertRecord(id: id, time: clock.now(), rule: "r", severity: .high,
                                 article: .init(id: "k", url: nil, title: "Title", feed: FeedID("f"), published: nil, lang: "en"),
                                 story: "s", why: [], entities: [], topics: [])
        _ = try store.commit(ArticleBatch(state: FeedState(feed: FeedID("f"), url: "http://f"),
                                          items: [.init(article: article, alerts: [OutboxAlert(record: record, sinks: sinks)])]),
                             now: clock.now())
    }
}
