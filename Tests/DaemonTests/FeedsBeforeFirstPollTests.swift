import Foundation
import Testing
import TestSupport
import WirewatchCore
@testable import Daemon

/// What `feeds` says of a feed the store has no schedule for: due while a daemon runs (its first fetch may be
/// under way), polled at the next start when none does.
@Suite struct FeedsBeforeFirstPollTests {
    @Test func aFeedNeverPolledIsDueWhileADaemonRunsAndPolledAtStartWhenNone() throws {
        let config = try ConfigLoader.parse(text: """
            store: var/state.sqlite
            feeds:
              - id: slow
                url: http://127.0.0.1:9/feed.xml
            sinks:
              - id: alert-log
                type: alert-log
                path: var/alerts.jsonl
            """, path: "/etc/wirewatch/wirewatch.yaml", home: TestHome.empty).get()
        let now = Date(timeIntervalSince1970: 1_764_403_200)
        let running = try #require(try FeedStatus.all(config: config, store: nil, now: now, daemonRuns: true).first)
        #expect(running.lastResult == nil && running.nextPoll == now)
        let table = FeedStatusTable.render([running], now: now)
        // trial3 low 10: "at start" while the daemon's first fetch of it ran read as "nothing until a restart".
        #expect(table.contains("never polled  due "), "\(table)")
        #expect(table.hasSuffix("slow: never polled; due if the running daemon's config had it at its last start or reload, else at its next reload"),
                "\(table)")
        let stopped = try #require(try FeedStatus.all(config: config, store: nil, now: now, daemonRuns: false).first)
        #expect(stopped.nextPoll == nil)
        #expect(FeedStatusTable.render([stopped], now: now).contains("never polled  at start "))
    }
}

/// A server's hint as large as a 64-bit integer (`<ttl>9223372036854775807</ttl>`, `max-age=` as long) is kept as it
/// said it; `feeds` converting it to whole minutes or seconds crashed (exploratory finding).
@Suite struct FeedsWithAnEnormousServerHintTests {
    @Test(arguments: [ServerHint.Kind.ttl, .cache], [9.223372036854776e18 * 60, 5.5e20, .infinity])
    func theNoteIsWrittenWithoutACrash(kind: ServerHint.Kind, seconds: Double) {
        let now = Date(timeIntervalSince1970: 1_764_403_200)
        var row = FeedStatus(id: "desk", url: "https://news.test/feed.xml", tags: [], lastFetch: now, lastResult: "ok",
                             nextPoll: now.addingTimeInterval(7200), interval: 600, intervalSource: "default", errorStreak: 0, articlesSeen: 3)
        row.serverHint = .init(kind: kind, seconds: seconds, cap: 7200)
        let note = FeedStatusTable.render([row], now: now).split(separator: "\n").last.map(String.init) ?? ""
        #expect(note.hasPrefix("desk: next poll put back to ") && note.hasSuffix("(at most poll.max_interval, 2h)"), "\(note)")
    }
}
