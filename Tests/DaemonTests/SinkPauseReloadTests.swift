import Delivery
import Foundation
import Store
import Testing
@testable import Daemon

/// A reload that takes a paused sink out of the config: on a file store its pause goes with it (nothing is
/// left for it to hold back, and put back it starts afresh); on a shared store another daemon may still
/// send to that receiver, so the pause stays until this daemon puts the sink back.
@Suite struct SinkPauseReloadTests {
    static func hook() -> SinkConfig { SinkConfig(id: "hook", kind: .webhook(.init(url: .value("http://127.0.0.1:9/hook")))) }

    func log(_ site: CrewOnAStore) -> SinkConfig {
        SinkConfig(id: "log", kind: .alertLog(path: site.dir.url.appendingPathComponent("alerts.jsonl").path))
    }

    @Test func onAFileStoreASinkTakenOutLosesItsPause() async throws {
        let site = try CrewOnAStore("pause-out")
        let log = log(site)
        try site.store.save(SinkHold(sink: "hook", until: site.clock.now().addingTimeInterval(3600), reason: "HTTP 429"))
        try await site.crew.start([log, Self.hook()])
        await site.crew.launchStarted()
        await site.crew.follow { [log, Self.hook()] }
        #expect(try site.store.sinkHold(sink: "hook", now: site.clock.now()) != nil)
        await site.crew.follow { [log] }
        #expect(try site.store.sinkHold(sink: "hook", now: site.clock.now()) == nil)
        await site.crew.stopAll()
    }

    @Test func onASharedStoreASinkTakenOutKeepsItsPauseUntilThisDaemonPutsItBack() async throws {
        let site = try CrewOnAStore("pause-shared", shared: true)
        let log = log(site)
        try site.store.save(SinkHold(sink: "hook", until: site.clock.now().addingTimeInterval(3600), reason: "HTTP 429"))
        try await site.crew.start([log, Self.hook()])
        await site.crew.launchStarted()
        await site.crew.follow { [log] }
        #expect(try site.store.sinkHold(sink: "hook", now: site.clock.now()) != nil)
        await site.crew.follow { [log, Self.hook()] }
        #expect(try site.store.sinkHold(sink: "hook", now: site.clock.now()) == nil)
        await site.crew.stopAll()
    }
}
