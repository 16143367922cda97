import Foundation
import Testing
import TestSupport

/// `wirewatch rules test` and `rules backtest` as an operator runs them.
@Suite struct RulesCommandTests {
    static let rules = """
        rules:
          - id: deepseek-distillation
            query: 'DeepSeek NEAR/5 distil*'
            severity: high
          - id: export-controls-china
            query: '"export control*" AND (China OR Beijing)'
        """

    @Test func testShowsWhyARuleFiresAndExplainsOneThatDoesNot() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml", rules: Self.rules)
        let article = try install.writeArticle("DeepSeek under scrutiny\nAnalysts say DeepSeek distilled the models of rivals.\n")

        let (status, out, err) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, article])
        #expect(status == 0, "stderr: \(err)")
        #expect(out.contains("✓ deepseek-distillation (high) fires"), "got: \(out)")
        #expect(out.contains("DeepSeek NEAR/5 distil*  text[13,31]  Analysts say DeepSeek distilled the models of rivals."), "got: \(out)")
        #expect(!out.contains("export-controls-china"))
        #expect(out.hasSuffix("  1 of 2 enabled rules fire (--explain says why the others do not)\n"), "got: \(out)")

        let (status2, explained, _) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, "--explain", "export-controls-china", article])
        #expect(status2 == 0)
        #expect(explained.contains("✗ export-controls-china does not fire"), "got: \(explained)")
        #expect(explained.contains("✗ \"export control*\" — not found"), "got: \(explained)")
    }

    /// A plain-text article saved on Windows (CRLF) has its first line as the title, not the whole file (a split on
    /// "\n" never met "\r\n", one Character); a BOM is not in the title; Latin-1 text and a page whose <meta> names
    /// windows-1252 are read in it, not as U+FFFD (trial4 findings 26, 27, 28).
    @Test func testReadsCRLFBOMAndLatinArticlesAsTheyAreMeant() async throws {
        let rules = """
            rules:
              - id: in-title
                query: 'title:DeepSeek'
              - id: in-text
                query: 'text:DeepSeek AND Zurich'
            """
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml", rules: rules)
        let crlf = install.dir.appendingPathComponent("crlf.txt")
        try Data("\u{FEFF}Title here\r\n\r\nalpha line\r\nbeta DeepSeek in Zürich\r\n".utf8).write(to: crlf)
        let (status, out, err) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, "--all", crlf.path])
        #expect(status == 0, "stderr: \(err)")
        #expect(out.hasPrefix("Title here  <"), "got: \(out)")
        #expect(out.contains("✓ in-text") && !out.contains("✓ in-title"), "got: \(out)")

        let latin = install.dir.appendingPathComponent("latin.txt")
        try Data("Caf\u{E9} report\n\nDeepSeek in Z".utf8 + [0xFC] + Data("rich.\n".utf8)).write(to: latin)
        let (_, read, _) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, "--all", latin.path])
        #expect(read.contains("✓ in-text"), "got: \(read)")

        let page = install.dir.appendingPathComponent("page.html")
        try (Data("<html><head><meta charset=\"windows-1252\"><title>DeepSeek</title></head><body><p>DeepSeek in Z".utf8) + [0xFC]
             + Data("rich</p></body></html>".utf8)).write(to: page)
        let (_, html, _) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, "--all", page.path])
        #expect(html.contains("✓ in-text") && html.contains("✓ in-title"), "got: \(html)")
        // The page's own charset, which bytes alone do not tell: "Москва" in windows-1251, read as windows-1252 "Ìîñêâà".
        let cyrillic = install.dir.appendingPathComponent("page1251.html")
        try (Data("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"><title>T</title></head><body><p>DeepSeek in Zurich, ".utf8)
             + [0xCC, 0xEE, 0xF1, 0xEA, 0xE2, 0xE0] + Data("</p></body></html>".utf8)).write(to: cyrillic)
        let (_, declared, _) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, "--all", "--json", cyrillic.path])
        #expect(declared.contains("Москва"), "got: \(declared)")

        // UTF-16 with its byte order mark is text, not "NUL bytes"; a server's charset counts for a URL (review of this
        // session, 6 and 8).
        let utf16 = install.dir.appendingPathComponent("utf16.txt")
        try ([0xFF, 0xFE] + "Title\nDeepSeek in Zurich\n".data(using: .utf16LittleEndian)!).write(to: utf16)
        let (wide, widely, _) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, "--all", utf16.path])
        #expect(wide == 0 && widely.contains("✓ in-text"), "got: \(widely)")
        let body = Data("Title\nDeepSeek in Zurich, ".utf8) + Data([0xCC, 0xEE, 0xF1, 0xEA, 0xE2, 0xE0])
        let server = try await LoopbackHTTPServer { _ in .init(headers: [("Content-Type", "text/plain; charset=windows-1251")], body: body) }
        defer { Task { await server.shutdown() } }
        let (_, served, _) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, "--all", "--json", "\(server.baseURL)/a.txt"])
        #expect(served.contains("Москва"), "got: \(served)")
    }

    /// A query written as a block scalar is shown on the rule's one line (trial4 finding 36).
    @Test func testShowsABlockScalarQueryOnOneLine() async throws {
        let rules = "rules:\n  - id: blk\n    query: |\n      (DeepSeek OR\n         OpenAI) AND distil*\n"
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml", rules: rules)
        let article = try install.writeArticle("DeepSeek\nDeepSeek distilled the models.\n")
        let (status, out, err) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, article])
        #expect(status == 0, "stderr: \(err)")
        #expect(out.contains("  ✓ blk (medium) fires: (DeepSeek OR OpenAI) AND distil*\n"), "got: \(out)")
    }

    @Test func testReadsAnHTMLPageFromAURL() async throws {
        let server = try await LoopbackHTTPServer { _ in
            .init(headers: [("Content-Type", "text/html")],
                  text: "<html><head><title>Export rules</title></head><body><p>New export controls on chips for China.</p></body></html>")
        }
        defer { Task { await server.shutdown() } }
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml", rules: Self.rules)
        let (status, out, err) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, "--json", "\(server.baseURL)/page.html"])
        #expect(status == 0, "stderr: \(err)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]])
        #expect((report.first?["article"] as? [String: Any])?["title"] as? String == "Export rules")
        let fired = (report.first?["rules"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
        #expect(fired == ["export-controls-china"])
    }

    /// A disabled rule raises no alert; trying it says so, and whether it would fire.
    @Test func disabledRuleSaysItIsDisabled() async throws {
        let rules = "rules:\n  - id: off\n    query: DeepSeek\n    enabled: false\n  - id: off-quiet\n    query: weather\n    enabled: false\n  - id: on\n    query: China\n"
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml", rules: rules)
        let article = try install.writeArticle("DeepSeek under scrutiny\nNew export controls target China.\n")

        let (_, one, _) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, "off", article])
        #expect(one.contains("  ✓ off (medium) would fire, but is disabled (enabled: false): DeepSeek\n"), "got: \(one)")
        let (_, all, _) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, "--all", "--explain", article])
        #expect(all.contains("  ✗ off is disabled (enabled: false); it would fire: DeepSeek\n"), "got: \(all)")
        #expect(all.contains("  ✗ off-quiet is disabled (enabled: false), and would not fire either: weather\n"), "got: \(all)")
        #expect(all.contains("  ✓ on (medium) fires: China\n"), "got: \(all)")
        let (_, json, _) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, "--json", "off", article])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let entry = try #require((report.first?["rules"] as? [[String: Any]])?.first)
        #expect(entry["fires"] as? Bool == true)
        #expect(entry["enabled"] as? Bool == false)
    }

    /// `source:` holds for the feed the article came from: named with --feed, or found by the article's URL.
    @Test func sourceClauseHoldsForTheFeedOfTheArticle() async throws {
        let site = DemoSite([.init(guid: "a1", title: "DeepSeek distilled", body: "Analysts say DeepSeek distilled rival models.")])
        let server = try await LoopbackHTTPServer { site.respond($0) }
        defer { Task { await server.shutdown() } }
        let rules = "rules:\n  - id: desk\n    query: 'source:test-desk AND DeepSeek'\n"
        let install = try TestInstall(feedURL: "\(server.baseURL)/feed.xml", rules: rules)
        let article = try install.writeArticle("DeepSeek under scrutiny\nAnalysts say DeepSeek distilled the models of rivals.\n")

        let (_, plain, _) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, "desk", article])
        #expect(plain.contains("✗ desk does not fire"), "got: \(plain)")
        let (status, named, err) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, "--feed", "test-desk", "desk", article])
        #expect(status == 0, "stderr: \(err)")
        #expect(named.contains("✓ desk (medium) fires"), "got: \(named)")
        let (_, fetched, _) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, "desk", "\(server.baseURL)/feed.xml"])
        #expect(fetched.contains("✓ desk (medium) fires"), "got: \(fetched)")

        let (badStatus, _, badErr) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, "--feed", "test-dsk", "desk", article])
        #expect(badStatus == 1)
        #expect(badErr.trimmingCharacters(in: .whitespacesAndNewlines) == "\(install.configPath): no feed 'test-dsk'; did you mean 'test-desk'?")
    }

    /// A configured feed's `file:` URL, written as the config writes it (relative to the config's directory), is that
    /// feed's file and the article is from that feed; it was "article does not exist" (exploratory finding).
    @Test func aFileURLAsTheConfigWritesItIsThatFeed() async throws {
        let rules = "rules:\n  - id: desk\n    query: 'source:test-desk AND DeepSeek'\n"
        let install = try TestInstall(feedURL: "file:feeds/world-desk.rss", rules: rules)
        let feeds = install.dir.appendingPathComponent("feeds")
        try FileManager.default.createDirectory(at: feeds, withIntermediateDirectories: true)
        try """
            <?xml version="1.0"?><rss version="2.0"><channel><title>World desk</title><link>https://news.test/</link>
            <item><guid>a1</guid><title>DeepSeek distilled</title><description>Analysts say DeepSeek distilled rival models.</description></item>
            </channel></rss>
            """.write(to: feeds.appendingPathComponent("world-desk.rss"), atomically: true, encoding: .utf8)
        let (status, out, err) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, "desk", "file:feeds/world-desk.rss"])
        #expect(status == 0, "stderr: \(err)")
        #expect(out.contains("✓ desk (medium) fires"), "got: \(out)")
        // Any other file: URL is the file it names; it is not the feed's, so source: does not hold.
        let article = try install.writeArticle("DeepSeek under scrutiny\nAnalysts say DeepSeek distilled the models of rivals.\n")
        let (other, otherOut, otherErr) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, "desk", "file://\(article)"])
        #expect(other == 0, "stderr: \(otherErr)")
        #expect(otherOut.contains("✗ desk does not fire"), "got: \(otherOut)")
    }

    @Test func unknownRuleIsAOneLineError() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml", rules: Self.rules)
        let (status, _, err) = try await ChildProcess.run(["rules", "test", "--config", install.configPath, "nope", "-"])
        #expect(status == 1)
        #expect(err.trimmingCharacters(in: .whitespacesAndNewlines) == "\(install.configPath): no rule 'nope'; rules are deepseek-distillation, export-controls-china")
    }

    @Test func backtestCountsAlertsPerRuleOverStoredArticles() async throws {
        let site = DemoSite([
            .init(guid: "a1", title: "DeepSeek distilled", body: "Analysts say DeepSeek distilled rival models."),
            .init(guid: "a2", title: "Weather", body: "Sunny weekend ahead."),
            .init(guid: "a3", title: "Chips", body: "New export controls on chips bound for China."),
        ])
        let server = try await LoopbackHTTPServer { site.respond($0) }
        defer { Task { await server.shutdown() } }
        let install = try TestInstall(feedURL: "\(server.baseURL)/feed.xml", rules: "rules:\n  - id: only-weather\n    query: weather\n")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        #expect(await eventually { install.alertLines().count == 1 }, "stderr: \(daemon.stderr)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)

        // The operator now writes the rules they wish they had had.
        try Self.rules.write(to: install.dir.appendingPathComponent("rules.d/rules.yaml"), atomically: true, encoding: .utf8)
        let (status, out, err) = try await ChildProcess.run(["rules", "backtest", "--config", install.configPath, "--since", "1d"])
        #expect(status == 0, "stderr: \(err)")
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.first == "3 stored articles of the last 1d", "got: \(out)")
        #expect(lines.contains { $0.hasPrefix("deepseek-distillation       1         1  \"DeepSeek distilled\" [test-desk]") }, "got: \(out)")
        #expect(lines.contains { $0.hasPrefix("export-controls-china       1         1  \"Chips\" [test-desk]") }, "got: \(out)")
    }

    /// A wire report two outlets carry under their own headlines is one story to the daemon (its body
    /// joins it), so a per-story rule raises one alert; backtest counts as the daemon does.
    @Test func backtestCountsAReheadlinedCopyAsTheDaemonDoesOneStory() async throws {
        let wire = "Chinese start-up DeepSeek trained its latest reasoning model by distillation from the outputs of "
            + "larger American systems, according to people familiar with the matter, who said the company queried "
            + "rival models millions of times over several months before releasing its own, far cheaper, model to "
            + "developers around the world this week."
        let first = DemoSite([.init(guid: "w1", title: "DeepSeek accused of distilling rival models", body: wire)])
        let second = DemoSite([.init(guid: "w1", title: "How a Chinese start-up built a cheap AI model", body: wire)])
        let one = try await LoopbackHTTPServer { first.respond($0) }
        let two = try await LoopbackHTTPServer { second.respond($0) }
        defer { Task { await one.shutdown(); await two.shutdown() } }
        let install = try TestInstall(feedURL: "\(one.baseURL)/feed.xml", rules: "rules:\n  - id: only-weather\n    query: weather\n")
        try install.appendFeed(id: "wire-desk", url: "\(two.baseURL)/feed.xml")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        #expect(await eventually { daemon.stderr.contains("feed=test-desk new_alerts=0 new_articles=1")
            && daemon.stderr.contains("feed=wire-desk new_alerts=0 new_articles=1") }, "stderr: \(daemon.stderr)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)

        // The disabled rule, named with --rule, meets the stories the enabled one's articles made.
        try """
            rules:
              - id: distillation
                query: DeepSeek AND distil*
                throttle: { per: story }
              - id: distillation-off
                query: DeepSeek AND distil*
                throttle: { per: story }
                enabled: false
            """.write(to: install.dir.appendingPathComponent("rules.d/rules.yaml"), atomically: true, encoding: .utf8)
        for (only, line) in [([], "distillation           1         2  "), (["--rule", "distillation-off"], "distillation-off       1         2  ")] {
            let (status, out, err) = try await ChildProcess.run(["rules", "backtest", "--config", install.configPath, "--since", "1d"] + only)
            #expect(status == 0, "stderr: \(err)")
            #expect(out.split(separator: "\n").contains { $0.hasPrefix(line) }, "\(only) got: \(out)")
        }
    }
}
