import Foundation
import Testing
import TestSupport

/// A feed whose server moves it permanently onto the URL another feed polls: both would store and alert on
/// each entry of that document, so the daemon says so (`check` refuses two feeds of one URL outright).
@Suite struct FeedMovedOntoAnotherTests {
    @Test func aFeedMovedOntoAnotherFeedsURLIsSaid() async throws {
        let server = try await LoopbackHTTPServer { request in
            if request.path == "/old.xml" { return .init(status: 301, headers: [("Location", "/desk.xml")]) }
            return .init(headers: [("Content-Type", "application/rss+xml")],
                         text: "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Desk</title></channel></rss>")
        }
        defer { Task { await server.shutdown() } }
        let install = try TestInstall(feedURL: "\(server.baseURL)/desk.xml", interval: "1h")
        let config = try String(contentsOfFile: install.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "sinks:", with: "  - id: relay\n    url: \(server.baseURL)/old.xml\n    interval: 1h\nsinks:")
            .write(toFile: install.configPath, atomically: true, encoding: .utf8)
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually(timeout: 60) { daemon.stderr.contains("feed moved to the url of another feed") }, "\(daemon.stderr)")
        let line = daemon.stderr.split(separator: "\n").first { $0.contains("feed moved to the url of another feed") } ?? ""
        #expect(line.contains("feed=relay") && line.contains("other=test-desk"), "\(line)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)
    }
}
