import Foundation
import Testing
import TestSupport

/// `wirewatch parse` as an operator runs it: files and URLs (fetched from a
/// real HTTP server on 127.0.0.1), one result per line, in order.
@Suite struct ParseCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FeedParsingTests/Fixtures")

    static func server() async throws -> LoopbackHTTPServer {
        try await LoopbackHTTPServer { request in
            switch request.path {
            case "/koi8.rss":
                // Declared UTF-8 in the document; the HTTP charset (KOI8-R) wins.
                let body = (try? Data(contentsOf: fixtures.appendingPathComponent("encoding-http-charset-overrides-declaration.xml"))) ?? Data()
                return .init(headers: [("Content-Type", "application/rss+xml; charset=koi8-r")], body: body)
            case "/dir/rel.rss":
                let body = (try? Data(contentsOf: fixtures.appendingPathComponent("rss2-relative-link-resolved.xml"))) ?? Data()
                return .init(headers: [("Content-Type", "application/rss+xml")], body: body)
            case "/page.html":
                return .init(headers: [("Content-Type", "text/html")], text: #"<html><head><title>Site</title><link rel="alternate" type="application/atom+xml" href="/feed.atom"></head><body></body></html>"#)
            default:
                return .init(status: 404, text: "no")
            }
        }
    }

    @Test func jsonOneLinePerInputInOrder() async throws {
        let server = try await Self.server()
        let file = Self.fixtures.appendingPathComponent("atom10-minimal.xml").path
        let (status, stdout, stderr) = try await ChildProcess.run([
            "parse", "--json", "\(server.baseURL)/koi8.rss", file, "\(server.baseURL)/page.html", "\(server.baseURL)/dir/rel.rss",
        ])
        await server.shutdown()
        #expect(status == 1) // the page is not a feed
        let lines = stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        try #require(lines.count == 4)
        #expect(lines[0]?["format"] as? String == "rss20")
        #expect(lines[0]?["title"] as? String == "Съешь ещё")
        // A relative link resolves against the URL the feed came from.
        let entry = (lines[3]?["entries"] as? [[String: Any]])?.first
        #expect(entry?["link"] as? String == "\(server.baseURL)/2025/01/story")
        #expect(lines[1]?["format"] as? String == "atom10")
        #expect(lines[2]?["error"] as? String == "not a feed")
        #expect(lines[2]?["feedLinks"] as? [String] == ["\(server.baseURL)/feed.atom"])
        #expect(stderr.contains("page.html: not a feed: found an HTML page (“Site”); it advertises \(server.baseURL)/feed.atom"))
    }

    @Test func summaryAndFetchErrors() async throws {
        let server = try await Self.server()
        let (status, stdout, stderr) = try await ChildProcess.run(["parse", "--summary", "\(server.baseURL)/koi8.rss", "\(server.baseURL)/missing"])
        await server.shutdown()
        #expect(status == 1)
        let fields = stdout.split(separator: "\n").first?.split(separator: "\t").map(String.init)
        #expect(fields?.dropFirst().first == "rss20")
        #expect(fields?.dropFirst(2).first == "1 entries")
        #expect(stdout.split(separator: "\n").count == 1)
        #expect(stderr.contains("/missing: http-4xx"))
    }

    /// A feed named by a `file:` URL, as a config's `url:` writes it, is its file (it was "feed does not exist").
    @Test func fileURLsNameTheirFile() async throws {
        let file = Self.fixtures.appendingPathComponent("atom10-minimal.xml").path
        let (status, stdout, stderr) = try await ChildProcess.run(["parse", "--summary", "file://\(file)", "file:\(file)"])
        #expect(status == 0, "\(stderr)")
        let formats = stdout.split(separator: "\n").map { $0.split(separator: "\t").dropFirst().first.map(String.init) }
        #expect(formats == ["atom10", "atom10"], "\(stdout)")
    }

    @Test func unreadableFile() async throws {
        let (status, stdout, stderr) = try await ChildProcess.run(["parse", "/nonexistent/feed.xml"])
        #expect(status == 1)
        #expect(stdout.isEmpty)
        #expect(stderr == "/nonexistent/feed.xml: feed does not exist; give feed files or http(s) URLs\n")
        let directory = try makeTemporaryDirectory()
        let (dirStatus, _, dirError) = try await ChildProcess.run(["parse", directory.path])
        #expect(dirStatus == 1)
        #expect(dirError == "\(directory.path): feed is a directory, not a file; give feed files or http(s) URLs\n")
        let (analyzed, _, analyzeError) = try await ChildProcess.run(["analyze", "--data", repositoryRoot.appendingPathComponent("Config").path, "/nonexistent/article.txt"])
        #expect(analyzed == 1)
        #expect(analyzeError.hasSuffix("/nonexistent/article.txt: article does not exist; give an article file, or - for standard input\n"), "\(analyzeError)")
        let (imported, _, importError) = try await ChildProcess.run(["opml", "import", "/nonexistent/list.opml"])
        #expect(imported == 1)
        #expect(importError == "/nonexistent/list.opml: OPML file does not exist; name the OPML file to import\n")
    }
}
