import Foundation
import Testing
import TestSupport

/// `wirewatch analyze` reads an article's title as `rules test` and the daemon do (trial5 findings 21, 41): a page's
/// <title>, a text's first line; `--batch` takes "Title\n\nBody". Title words count double in topics, so the analysis
/// an operator inspects is the one the rules see.
@Suite struct AnalyzeTitleTests {
    static let data = repositoryRoot.appendingPathComponent("Config").path

    func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func aPageTitleIsTheTitle() async throws {
        let page = try makeTemporaryDirectory().appendingPathComponent("page.html")
        try "<html><head><title>Council approves new library</title></head><body><p>Home News Sport</p><p>The council said on Monday it would build a library.</p></body></html>"
            .write(to: page, atomically: true, encoding: .utf8)
        let (status, out, err) = try await ChildProcess.run(["analyze", "--data", Self.data, "--json", page.path])
        #expect(status == 0, "\(err)")
        let a = try json(out)
        #expect((a["text"] as? String)?.hasPrefix("Council approves new library\n\n") == true, "\(out)")
        #expect((a["title_end"] as? Int) == 28, "\(out)")
    }

    /// An article without words has no fingerprint; the daemon makes it a story of its own, and `analyze` says so
    /// rather than print a story id 0000000000000000 that it never has (trial6 finding 7).
    @Test func aWordlessArticleHasNoStoryId() async throws {
        let file = try makeTemporaryDirectory().appendingPathComponent("emoji.txt")
        try "🔥🔥🔥 🚀\n".write(to: file, atomically: true, encoding: .utf8)
        let (status, out, err) = try await ChildProcess.run(["analyze", "--data", Self.data, file.path])
        #expect(status == 0, "\(err)")
        #expect(out.contains("story:       none (no words to fingerprint; the daemon makes each such article a story of its own)"), "\(out)")
        #expect(!out.contains("0000000000000000"), "\(out)")
    }

    @Test func batchTakesTitleBlankLineBody() async throws {
        let row = #"{"id": 1, "text": "Guardiola's export\n\nThe club said the coach was delighted."}"#
        let (status, out, err) = try await ChildProcess.run(["analyze", "--data", Self.data, "--batch"], stdin: row + "\n")
        #expect(status == 0, "\(err)")
        let plain = #"{"id": 1, "text": "The club said the coach was delighted with Guardiola's export."}"#
        let (_, flat, _) = try await ChildProcess.run(["analyze", "--data", Self.data, "--batch"], stdin: plain + "\n")
        func score(_ s: String) throws -> Double {
            ((try json(s)["topics"] as? [[String: Any]])?.first { $0["id"] as? String == "tariffs-trade" }?["score"] as? Double) ?? 0
        }
        // The title's "export" counts double: more than the same word in the body.
        #expect(try score(out) > score(flat), "\(out) \(flat)")
    }
}
