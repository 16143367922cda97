import Delivery
import Foundation
import Logging
import Testing
import TestSupport
@testable import Daemon

/// A reload that mends a failing sink (its url or secret edited) hands the failing state to the sink's new
/// worker: the journal's last word on the sink was `sink failing`, the new worker delivering without a line
/// (review of sinkflood, 5).
@Suite struct SinkTroubleReloadTests {
    @Test func aReloadThatMendsAFailingSinkIsFollowedByDeliversAgain() async throws {
        let said = RollCallTests.Said()
        let site = try CrewOnAStore("trouble-reload", logger: Logger(label: "test") { _ in said })
        let good = try await LoopbackHTTPServer { _ in .init(status: 200) }
        defer { Task { await good.shutdown() } }
        let broken = SinkConfig(id: "hook", kind: .webhook(.init(url: .value("http://127.0.0.1:9/hook"))))
        let mended = SinkConfig(id: "hook", kind: .webhook(.init(url: .value("\(good.baseURL)/hook"))))
        try site.queueAlert("A1", sinks: ["hook"])
        try site.queueAlert("A2", sinks: ["hook"])
        try await site.crew.start([broken])
        await site.crew.launchStarted()
        func lines(_ prefix: String) -> [String] { said.messages.withLock { $0 }.filter { $0.hasPrefix(prefix) } }
        #expect(await eventually(timeout: 60) { !lines("warning sink failing").isEmpty }, "\(said.messages.withLock { $0 })")

        await site.crew.follow { [mended] }
        site.clock.advance(by: 3600)
        await site.crew.follow { [mended] }  // rings the doorbell once the retries are due
        #expect(await eventually(timeout: 60) { !lines("notice sink delivers again").isEmpty }, "\(said.messages.withLock { $0 })")
        #expect(good.requests.count == 2)
        await site.crew.stopAll()
    }
}
