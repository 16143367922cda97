import Foundation
@testable import PostgresStore
import Store
import TestSupport
import Testing
import WirewatchCore

/// The roll call on one database: each daemon's heartbeat says it is alive and returns who else is.
@Suite struct DaemonPresenceTests {
    let t0 = StoreUnderTest.t0

    @Test func daemonsHearEachOtherUntilOneStopsOrFallsSilent() throws {
        let url = try PostgresServer.shared().makeDatabase("presence")
        let (a, b, c) = (try PostgresStore(url: url, owner: "daemon-a", logger: quietLogger),
                         try PostgresStore(url: url, owner: "daemon-b", logger: quietLogger),
                         try PostgresStore(url: url, owner: "daemon-c", logger: quietLogger))
        func beat(_ store: PostgresStore, at seconds: TimeInterval) throws -> [String] {
            let now = t0.addingTimeInterval(seconds)
            return try store.heartbeat(now: now, liveSince: now.addingTimeInterval(-30))
        }
        #expect(try beat(a, at: 0) == ["daemon-a"])
        #expect(try beat(b, at: 1) == ["daemon-a", "daemon-b"])
        #expect(try beat(c, at: 2) == ["daemon-a", "daemon-b", "daemon-c"])
        // b stops gracefully: gone at once. c falls silent (a crash): gone once 30 s have passed without it.
        try b.leave()
        #expect(try beat(a, at: 10) == ["daemon-a", "daemon-c"])
        #expect(try beat(a, at: 32) == ["daemon-a", "daemon-c"])
        #expect(try beat(a, at: 33) == ["daemon-a"])
        // c comes back (a pause, not a crash): heard again.
        #expect(try beat(c, at: 40) == ["daemon-a", "daemon-c"])
        // A row silent for a day is deleted by the next heartbeat; a fresh one is not.
        #expect(try beat(a, at: 40 + 86_400 + 1) == ["daemon-a"])
        let database = try #require(URLComponents(string: url)?.path.dropFirst()).description
        #expect(try PostgresServer.shared().psql("SELECT string_agg(owner, ',') FROM daemon_presence", database: database)
                    .trimmingCharacters(in: .whitespacesAndNewlines) == "daemon-a")
    }
}
