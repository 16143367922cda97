import Foundation
import Testing
import TestSupport

/// An Atom entry with `<updated>` only (the one date Atom requires; GitHub and many blog engines publish
/// so): its alert carries that date as `article.published`, and `parse` shows it.
@Suite struct AtomUpdatedOnlyTests {
    static let atom = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>Lab</title><id>urn:lab</id><updated>2026-11-30T10:00:00Z</updated>
        <entry><id>urn:lab:1</id><title>DeepSeek and distillation</title><updated>2026-11-30T10:00:00Z</updated>
        <link href="https://lab.example/1"/><content type="text">DeepSeek used knowledge distillation on rival models.</content></entry>
        </feed>
        """

    @Test func anEntryWithOnlyUpdatedIsDatedByIt() async throws {
        let server = try await LoopbackHTTPServer { _ in .init(headers: [("Content-Type", "application/atom+xml")], text: Self.atom) }
        defer { Task { await server.shutdown() } }
        let install = try TestInstall(feedURL: "\(server.baseURL)/lab.atom", interval: "1h")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually(timeout: 60) { !install.alertLines().isEmpty }, "\(daemon.stderr)")
        #expect(install.alertLines().first?.contains("\"published\":\"2026-11-30T10:00:00Z\"") == true, "\(install.alertLines())")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)

        let (status, out, _) = try await ChildProcess.run(["parse", "\(server.baseURL)/lab.atom"])
        #expect(status == 0 && out.contains("2026-11-30") && out.contains("DeepSeek and distillation"), "\(out)")
    }
}
