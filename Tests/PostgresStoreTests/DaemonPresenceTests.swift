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
            return try store.beat(now: now, liveFor: 30, nonce: store.owner)
        }
        #expect(try beat(a, at: 0) == ["daemon-a"])
        #expect(try beat(b, at: 1) == ["daemon-a", "daemon-b"])
        #expect(try beat(c, at: 2) == ["daemon-a", "daemon-b", "daemon-c"])
        // b stops gracefully: gone at once. c falls silent (a crash): gone once 30 s have passed without it.
        try b.leave(DaemonProcess(nonce: b.owner))
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

    /// Each writer says how long it counts as live: a daemon beating every 60 s is not dropped by one
    /// beating every 5 s between two of its heartbeats (before, the reader's own window was used, 15 s).
    @Test func aDaemonIsLiveForItsOwnWindowWhateverTheReadersHeartbeat() throws {
        let url = try PostgresServer.shared().makeDatabase("presence_windows")
        let (slow, quick) = (try PostgresStore(url: url, owner: "slow", logger: quietLogger),
                             try PostgresStore(url: url, owner: "quick", logger: quietLogger))
        #expect(try slow.beat(now: t0, liveFor: 180, nonce: "s") == ["slow"])
        for seconds in stride(from: 5.0, through: 180, by: 5) {
            #expect(try quick.beat(now: t0.addingTimeInterval(seconds), liveFor: 15, nonce: "q") == ["quick", "slow"], "at \(seconds) s")
        }
        #expect(try quick.beat(now: t0.addingTimeInterval(185), liveFor: 15, nonce: "q") == ["quick"])
        // And the slow daemon counts the quick one live for the quick one's 15 s, not its own 180.
        #expect(try slow.beat(now: t0.addingTimeInterval(201), liveFor: 180, nonce: "s") == ["slow"])
    }

    /// Two running processes under one name ($WIREWATCH_OWNER given to both) are refused: the second is
    /// told, and the first's row is left as it is. Once the first stops or falls silent, the name is free.
    @Test func aSecondProcessUnderALiveDaemonsNameIsRefused() throws {
        let url = try PostgresServer.shared().makeDatabase("presence_clash")
        let (first, second) = (try PostgresStore(url: url, owner: "east", logger: quietLogger),
                               try PostgresStore(url: url, owner: "east", logger: quietLogger))
        #expect(try first.beat(now: t0, liveFor: 30, nonce: "first") == ["east"])
        let clash = #expect(throws: DaemonNameInUse.self) { try second.beat(now: t0.addingTimeInterval(5), liveFor: 30, nonce: "second") }
        #expect(clash?.description == "another running daemon already uses the name east in this database (heard 5 s ago); "
                    + "names must be unique: give each daemon its own $WIREWATCH_OWNER, or none")
        #expect(try first.beat(now: t0.addingTimeInterval(10), liveFor: 30, nonce: "first") == ["east"])
        // The first falls silent (a crash): once it is no longer live, a restart under the name takes the row.
        #expect(throws: DaemonNameInUse.self) { try second.beat(now: t0.addingTimeInterval(40), liveFor: 30, nonce: "second") }
        #expect(try second.beat(now: t0.addingTimeInterval(41), liveFor: 30, nonce: "second") == ["east"])
        let database = try #require(URLComponents(string: url)?.path.dropFirst()).description
        #expect(try PostgresServer.shared().psql("SELECT nonce || ' ' || extract(epoch FROM heard - started) FROM daemon_presence", database: database)
                    .trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("second 0"))
        // Now the first is the one refused; once the second leaves, anyone may take the name.
        #expect(throws: DaemonNameInUse.self) { try first.beat(now: t0.addingTimeInterval(42), liveFor: 30, nonce: "first") }
        // The first, stalled and replaced, stops at last: it leaves its own row, which is gone, not the second's.
        try first.leave(DaemonProcess(nonce: "first"))
        #expect(throws: DaemonNameInUse.self) { try first.beat(now: t0.addingTimeInterval(42.5), liveFor: 30, nonce: "first") }
        try second.leave(DaemonProcess(nonce: "second"))
        #expect(try first.beat(now: t0.addingTimeInterval(43), liveFor: 30, nonce: "first") == ["east"])
    }

    /// A restart right after a crash: the refusal names the live row's process, and the caller, having seen it
    /// gone, takes the name over at once; only from the row as it was seen (a second restart racing for it is
    /// refused), and the old process, should it answer after all, is refused in turn.
    @Test func aRestartTakesOverTheRowOfItsGoneProcessOnlyAsItWasSeen() throws {
        let url = try PostgresServer.shared().makeDatabase("presence_takeover")
        let (crashed, restarted, racing) = (try PostgresStore(url: url, owner: "east", logger: quietLogger),
                                            try PostgresStore(url: url, owner: "east", logger: quietLogger),
                                            try PostgresStore(url: url, owner: "east", logger: quietLogger))
        let old = DaemonProcess(nonce: "old", host: "box", pid: 4711, pidSpace: "boot-1 pid:[1]", pidStart: 100)
        let new = DaemonProcess(nonce: "new", host: "box", pid: 4790, pidSpace: "boot-1 pid:[1]", pidStart: 250)
        _ = try crashed.heartbeat(now: t0, liveFor: 30, process: old)
        let clash = #expect(throws: DaemonNameInUse.self) { try restarted.heartbeat(now: t0.addingTimeInterval(2), liveFor: 30, process: new) }
        #expect(clash?.holder == old)
        #expect(clash?.description == "another running daemon already uses the name east in this database (box pid 4711, heard 2 s ago); "
                    + "names must be unique: give each daemon its own $WIREWATCH_OWNER, or none")
        let roll = try restarted.takeOver(from: old, now: t0.addingTimeInterval(2), liveFor: 30, process: new)
        #expect(roll == [DaemonRow(owner: "east", process: new, started: t0.addingTimeInterval(2), heard: t0.addingTimeInterval(2),
                                   liveUntil: t0.addingTimeInterval(32))])
        let late = #expect(throws: DaemonNameInUse.self) {
            try racing.takeOver(from: old, now: t0.addingTimeInterval(3), liveFor: 30, process: DaemonProcess(nonce: "third"))
        }
        #expect(late?.holder == new)
        #expect(throws: DaemonNameInUse.self) { try crashed.heartbeat(now: t0.addingTimeInterval(4), liveFor: 30, process: old) }
        #expect(try restarted.roll().map(\.process) == [new])
    }

    /// A row an older wirewatch took over keeps the host and pid of the process before it, which name nobody
    /// now: the roll call shows none, and nothing can take the row over by them.
    @Test func aRowAnOlderWirewatchWroteNamesNoProcess() throws {
        let url = try PostgresServer.shared().makeDatabase("presence_older")
        let database = try #require(URLComponents(string: url)?.path.dropFirst()).description
        let store = try PostgresStore(url: url, owner: "east", logger: quietLogger)
        let gone = DaemonProcess(nonce: "gone", host: "box", pid: 4711, pidSpace: "boot-1 pid:[1]", pidStart: 100)
        _ = try store.heartbeat(now: t0, liveFor: 30, process: gone)
        // What an older daemon's heartbeat writes when it takes the row over: nonce and times, not the rest.
        _ = try PostgresServer.shared().psql("UPDATE daemon_presence SET nonce = 'older', heard = now(), live_until = now() + interval '1 day'",
                                             database: database)
        let row = try #require(try store.roll().first)
        #expect(row.process == DaemonProcess(nonce: "older"))
        #expect(throws: DaemonNameInUse.self) {
            try store.takeOver(from: DaemonProcess(nonce: "older", host: "box", pid: 4711, pidSpace: "boot-1 pid:[1]", pidStart: 100),
                               now: t0.addingTimeInterval(1), liveFor: 30, process: DaemonProcess(nonce: "new"))
        }
    }

    /// `forget` deletes another daemon's row as it was seen, not one its name has been given to since.
    @Test func forgettingARowLeavesOneWrittenSince() throws {
        let url = try PostgresServer.shared().makeDatabase("presence_forget")
        let (a, b) = (try PostgresStore(url: url, owner: "a", logger: quietLogger), try PostgresStore(url: url, owner: "b", logger: quietLogger))
        _ = try b.heartbeat(now: t0, liveFor: 30, process: DaemonProcess(nonce: "b1"))
        let seen = try #require(try a.heartbeat(now: t0, liveFor: 30, process: DaemonProcess(nonce: "a")).first { $0.owner == "b" })
        _ = try b.heartbeat(now: t0.addingTimeInterval(31), liveFor: 30, process: DaemonProcess(nonce: "b2"))
        try a.forget(seen)
        #expect(try a.roll().map(\.owner) == ["a", "b"])
        try a.forget(try #require(try a.roll().first { $0.owner == "b" }))
        #expect(try a.roll().map(\.owner) == ["a"])
    }
}

extension PostgresStore {
    /// A heartbeat of a process known by its nonce alone (no pid: never seen gone); the names live after it.
    func beat(now: Date, liveFor: TimeInterval, nonce: String) throws -> [String] {
        try heartbeat(now: now, liveFor: liveFor, process: DaemonProcess(nonce: nonce)).live(at: now)
    }
}
