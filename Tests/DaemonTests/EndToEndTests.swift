import Foundation
import Testing
import TestSupport
import WirewatchCore

/// The whole pipeline as a user runs it: `wirewatch run` as a child process
/// polling a real HTTP server on loopback.
@Suite struct EndToEndTests {
    static let distillation = DemoSite.Item(
        guid: "a1", title: "OpenAI says DeepSeek distilled its models",
        body: "OpenAI says DeepSeek used knowledge distillation on the outputs of its models.")
    static let weather = DemoSite.Item(guid: "a2", title: "Sunny weekend ahead", body: "Forecasters expect a warm and dry weekend.")
    static let exportControls = DemoSite.Item(
        guid: "a3", title: "US tightens export controls", body: "Washington widened export controls on chips bound for China.")

    @Test func alertsOncePerArticleAndPollsConditionally() async throws {
        let site = DemoSite([Self.distillation, Self.weather])
        let server = try await LoopbackHTTPServer { site.respond($0) }
        defer { Task { await server.shutdown() } }
        let install = try TestInstall(feedURL: "\(server.baseURL)/feed.xml")

        let first = try ChildProcess(arguments: ["run", "--config", install.configPath])
        #expect(await eventually { install.alertLines().count == 1 }, "stderr: \(first.stderr)")
        let alert = try AlertRecord.decode(line: Data(install.alertLines()[0].utf8))
        #expect(alert.rule == "deepseek-distillation")
        #expect(alert.severity == .high)
        #expect(alert.article.title == Self.distillation.title)
        #expect(alert.why.contains { $0.match == "DeepSeek" })

        // Unchanged feed: the next polls are conditional and answered 304.
        #expect(await eventually { site.notModifiedCount >= 1 }, "stderr: \(first.stderr)")

        // One new matching item: exactly one new line.
        site.add(Self.exportControls)
        #expect(await eventually { install.alertLines().count == 2 })
        let second = try AlertRecord.decode(line: Data(install.alertLines()[1].utf8))
        #expect(second.rule == "export-controls-china")
        #expect(await eventually { site.notModifiedCount >= 2 })
        #expect(install.alertLines().count == 2)

        first.signal(SIGTERM)
        #expect(await first.wait(timeout: 20) == 0)

        // A restart keeps the validators and the outbox: more polls, no new lines.
        let before = site.conditionalCount
        let again = try ChildProcess(arguments: ["run", "--config", install.configPath])
        #expect(await eventually { site.conditionalCount >= before + 2 }, "stderr: \(again.stderr)")
        again.signal(SIGTERM)
        #expect(await again.wait(timeout: 20) == 0)
        let ids = install.alertLines().map { try? AlertRecord.decode(line: Data($0.utf8)).id }
        #expect(ids.count == 2)
        #expect(Set(ids).count == 2)
    }

    @Test func restartAfterFreshStoreDoesNotDuplicateLogLines() async throws {
        // The store is lost but the log is not: the sink must still not write a second line.
        let site = DemoSite([Self.distillation])
        let server = try await LoopbackHTTPServer { site.respond($0) }
        defer { Task { await server.shutdown() } }
        let install = try TestInstall(feedURL: "\(server.baseURL)/feed.xml")
        for _ in 0..<2 {
            let p = try ChildProcess(arguments: ["run", "--config", install.configPath])
            // Each run, with an empty store, commits the alert again and hands it to the sink.
            #expect(await eventually { p.stderr.contains("alert delivered") }, "stderr: \(p.stderr)")
            p.signal(SIGTERM)
            #expect(await p.wait(timeout: 20) == 0)
            try FileManager.default.removeItem(at: install.dir.appendingPathComponent("var/state.sqlite"))
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: install.dir.appendingPathComponent("var/state.sqlite\(suffix)").path) }
        }
        #expect(install.alertLines().count == 1)
    }
}
