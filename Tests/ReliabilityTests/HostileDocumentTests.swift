import Foundation
import Testing
import TestSupport

/// One hostile document at a time through `wirewatch parse`, in a child
/// process whose peak memory is watched: the bound holds whatever the
/// document's shape, not only for the bytes it weighs.
@Suite struct HostileDocumentTests {
    /// `wirewatch parse` of a small feed peaks around 40 MiB in a debug build.
    static let bound = 100 << 20

    func peakParsing(_ document: Data) async throws -> (peak: Int, status: Int32?, stdout: String) {
        let dir = try makeTemporaryDirectory("hostile-doc")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("feed.xml")
        try document.write(to: file)
        let child = try ChildProcess(arguments: ["parse", file.path])
        let peak = await ProcessMemory.peak(of: child)
        return (peak, await child.wait(timeout: 60), child.stdout)
    }

    @Test func aMillionNestedElementsCostNoMoreThanAFewLevels() async throws {
        let (peak, status, stdout) = try await peakParsing(HostileFeed.deepNesting)
        #expect(status == 0)
        #expect(stdout.contains("Harbour report"))
        #expect(peak <= Self.bound, "peak RSS \(peak >> 20) MiB")
    }
}

extension HostileDocumentTests {
    @Test func aMillionEmptyItemsAreCutNotBuilt() async throws {
        let doc = "<rss version=\"2.0\"><channel><title>many</title>" + String(repeating: "<item/>", count: 1_000_000) + "</channel></rss>"
        let (peak, status, _) = try await peakParsing(Data(doc.utf8))
        #expect(status == 0)
        #expect(peak <= Self.bound, "peak RSS \(peak >> 20) MiB")
    }

    /// An archive feed of 4,000 items with a dozen fields each (56,000 values) is a feed: the limit of 50,000 values refused it
    /// (exploratory finding of stop 31).
    @Test func aJSONFeedOfThousandsOfFullItemsIsRead() async throws {
        let items = (0..<4000).map { i in
            "{\"id\":\"https://news.test/\(i)\",\"url\":\"https://news.test/\(i)\",\"title\":\"Story \(i)\",\"content_html\":\"<p>Text.</p>\","
                + "\"date_published\":\"2026-12-01T10:00:00Z\",\"authors\":[{\"name\":\"A Writer\"}],\"tags\":[\"a\",\"b\",\"c\",\"d\"]}"
        }.joined(separator: ",")
        let doc = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"archive\",\"items\":[\(items)]}"
        let dir = try makeTemporaryDirectory("archive-doc")
        let file = dir.appendingPathComponent("feed.json")
        try Data(doc.utf8).write(to: file)
        let (status, out, err) = try await ChildProcess.run(["parse", "--summary", file.path])
        #expect(status == 0 && out.contains("\tjson\t4000 entries"), "\(out)\(err)")
    }

    @Test func aJSONFeedOfAMillionItemsIsRefusedBeforeItIsBuilt() async throws {
        // Built by repetition, not a million interpolations: the test must not hog a thread of the suite.
        let items = String(repeating: "{\"id\":\"x\"},", count: 999_999) + "{\"id\":\"x\"}"
        let doc = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"many\",\"items\":[\(items)]}"
        let dir = try makeTemporaryDirectory("hostile-doc")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("feed.json")
        try Data(doc.utf8).write(to: file)
        let child = try ChildProcess(arguments: ["parse", file.path])
        let peak = await ProcessMemory.peak(of: child)
        #expect(await child.wait(timeout: 60) == 1)
        #expect(child.stderr.contains("not a feed: found a JSON document too big to be a feed (more than 150000 values)"), "\(child.stderr)")
        #expect(peak <= Self.bound, "peak RSS \(peak >> 20) MiB")
    }
}
