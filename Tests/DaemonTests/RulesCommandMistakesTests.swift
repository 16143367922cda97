import Foundation
import Testing
import TestSupport

/// `rules test` and `rules backtest` given what an operator gets wrong: each
/// answer is one line that names the thing and says what to do, exit 1.
@Suite struct RulesCommandMistakesTests {
    static let hint = "ARTICLE is a file, an http(s) URL, or - for standard input"

    func run(_ arguments: [String], stdin: String? = nil) async throws -> (Int32, String) {
        let (status, _, err) = try await ChildProcess.run(arguments, stdin: stdin)
        return (status, err.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func articleThatIsNotThere() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let missing = install.dir.appendingPathComponent("nope.txt").path
        #expect(try await run(["rules", "test", "--config", install.configPath, "--all", missing]) == (1, "\(missing): article does not exist; \(Self.hint)"))
        let dir = install.dir.appendingPathComponent("rules.d").path
        #expect(try await run(["rules", "test", "--config", install.configPath, "--all", dir]) == (1, "\(dir): article is a directory, not a file; \(Self.hint)"))
        #expect(try await run(["rules", "test", "--config", install.configPath, "--all", "ftp://x/y"]) == (1, "ftp://x/y: article does not exist; \(Self.hint)"))
    }

    @Test func ruleIdWithoutAnArticle() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        #expect(try await run(["rules", "test", "--config", install.configPath, "deepseek-distillation"])
                == (1, "deepseek-distillation is a rule; name the article after it: wirewatch rules test deepseek-distillation ARTICLE (\(Self.hint))"))
    }

    @Test func emptyArticle() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let expected = ": empty; an article is a title on the first line and its text after it (or an HTML page, or a feed)"
        #expect(try await run(["rules", "test", "--config", install.configPath, "--all", "-"], stdin: " \n\n") == (1, "-\(expected)"))
        let empty = install.dir.appendingPathComponent("empty.txt").path
        try "".write(toFile: empty, atomically: true, encoding: .utf8)
        #expect(try await run(["rules", "test", "--config", install.configPath, "--all", empty]) == (1, "\(empty)\(expected)"))
    }

    @Test func binaryArticle() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let binary = install.dir.appendingPathComponent("photo.jpg").path
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00]).write(to: URL(fileURLWithPath: binary))
        #expect(try await run(["rules", "test", "--config", install.configPath, "--all", binary])
                == (1, "\(binary): not text (it holds NUL bytes); an article is plain text, an HTML page or a feed"))
    }

    /// A UTF-16 feed holds NUL bytes too, and is read as the feed it is.
    @Test func utf16FeedIsAFeedNotBinary() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let feed = install.dir.appendingPathComponent("feed16.xml").path
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel><title>Desk</title><item><title>DeepSeek distilled</title>"
            + "<description>Analysts say DeepSeek distilled rival models.</description></item></channel></rss>"
        try #require(xml.data(using: .utf16)).write(to: URL(fileURLWithPath: feed))
        let (status, out, err) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, "--all", feed])
        #expect(status == 0, "stderr: \(err)")
        #expect(out.contains("✓ deepseek-distillation (high) fires"), "got: \(out)")
    }

    @Test func pageTheServerDoesNotHave() async throws {
        let server = try await LoopbackHTTPServer { _ in .init(status: 404, text: "not here") }
        defer { Task { await server.shutdown() } }
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let url = "\(server.baseURL)/gone.html"
        #expect(try await run(["rules", "test", "--config", install.configPath, "--all", url]) == (1, "\(url): the server answered HTTP 404; check the URL"))
    }

    @Test func misspeltRuleIdSaysWhichWasMeant() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let expected = "\(install.configPath): no rule 'deepseek-distilation'; did you mean 'deepseek-distillation'?"
        #expect(try await run(["rules", "test", "--config", install.configPath, "deepseek-distilation", "-"], stdin: "x\n") == (1, expected))
        #expect(try await run(["rules", "backtest", "--config", install.configPath, "--rule", "deepseek-distilation"]) == (1, expected))
    }

    /// With thousands of rules, listing them all is no help.
    @Test func unknownRuleAmongManyIsNotAList() async throws {
        let rules = "rules:\n" + (1...40).map { "  - id: rule-\($0)\n    query: word\($0)\n" }.joined()
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml", rules: rules)
        #expect(try await run(["rules", "test", "--config", install.configPath, "nope", "-"], stdin: "x\n")
                == (1, "\(install.configPath): no rule 'nope' among its 40 rules; the ids are the 'id:' lines in \(install.dir.path)/rules.d"))
    }

    /// Values of the wrong kind are mistakes in the command line itself: `Error: …` and the usage, exit 64
    /// (operations.md, "Commands: exit status"); they exited 1 without the usage (trial finding 3).
    @Test func backtestWindowAndLimit() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        for (arguments, message) in [
            (["--since", "7"], "--since needs a unit, as in 7d (days), 7h (hours) or 90m (got '7')"),
            (["--since", "soon"], "--since must be a duration such as 90m, 6h, 2d or a time such as 2026-11-29T08:00:00Z (got 'soon')"),
            (["--since", "0m"], "--since must look back some time, such as 90m, 6h or 2d (got '0m', which is none)"),
            (["--since", "1000000d"], "--since is longer than the longest duration taken, 3650d (got '1000000d')"),
            (["--limit", "0"], "--limit must be at least 1 (got 0)"),
        ] {
            let (status, out, err) = try await ChildProcess.run(["rules", "backtest", "--config", install.configPath] + arguments)
            #expect(status == 64 && out.isEmpty, "\(arguments): \(err)")
            #expect(err.hasPrefix("Error: \(message)\n") && err.contains("Usage: wirewatch rules backtest"), "\(arguments): \(err)")
        }
        let (status, _, err) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, "--all", "deepseek-distillation", "-"],
                                                          stdin: "x\n")
        #expect(status == 64 && err.hasPrefix("Error: give a rule id or --all, not both\n") && err.contains("Usage: wirewatch rules test"), "\(err)")
    }
}
