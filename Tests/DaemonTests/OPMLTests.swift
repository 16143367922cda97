import Foundation
import Testing
import TestSupport
@testable import Daemon

/// `wirewatch opml import` and `export`, through the CLI, on real files.
@Suite struct OPMLTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/opml-folders-and-categories.opml").path

    @Test func readsFoldersCategoriesAndEscapes() throws {
        let outlines = try OPMLReader.read(try Data(contentsOf: URL(fileURLWithPath: Self.fixture)), path: Self.fixture).get()
        #expect(outlines.map(\.title) == ["BBC Business", "Markets & Trade", "BBC Technology", "BBC Business (again)", ""])
        #expect(outlines[0].tags == ["Business"])
        #expect(outlines[0].htmlURL == "https://www.bbc.co.uk/news/business")
        #expect(outlines[1].xmlURL == "https://example.com/feed?a=1&b=2")
        #expect(outlines[1].tags == ["Business", "policy/trade", "markets"])
        #expect(outlines[2].tags == ["Tech", "AI"])
        #expect(OPMLImport.slug(outlines[4].title, url: outlines[4].xmlURL) == "untitled-example-org")
        #expect(OPMLImport.slug("Markets & Trade — Été", url: "") == "markets-trade-ete")
        #expect(OPMLImport.slug("深度求索", url: "https://cn.example/rss") == "cn-example")
    }

    @Test func notOPMLIsOneClearLine() async throws {
        let dir = try makeTemporaryDirectory()
        let path = dir.appendingPathComponent("feed.opml").path
        try "<rss version=\"2.0\"><channel/></rss>".write(toFile: path, atomically: true, encoding: .utf8)
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let (status, _, stderr) = try await ChildProcess.run(["opml", "import", path, "--config", install.configPath])
        #expect(status == 1)
        #expect(stderr == "\(path):1:1: not an OPML document (no <opml> element)\n")
    }

    /// An upper-case scheme is read as the config reads one (it was refused as "not an http:// or https:// URL"),
    /// and a dry run says what it found on stderr, so that a list with nothing new is not silence.
    @Test func anUpperCaseSchemeIsImportedAndADryRunSaysWhatItFound() async throws {
        let dir = try makeTemporaryDirectory()
        let path = dir.appendingPathComponent("list.opml").path
        try """
        <opml version="2.0"><body>
        <outline text="Loud" type="rss" xmlUrl="HTTPS://loud.example/feed.xml"/>
        <outline text="Here" type="rss" xmlUrl="http://127.0.0.1:9/feed.xml"/>
        </body></opml>
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let (status, yaml, stderr) = try await ChildProcess.run(["opml", "import", path, "--dry-run", "--config", install.configPath])
        #expect(status == 0 && yaml.contains("url: \"https://loud.example/feed.xml\""), "\(yaml)\n\(stderr)")
        #expect(stderr == "\(path): would add 1 feed, skipped 1 already configured; --dry-run: nothing written\n")
        let (again, _, _) = try await ChildProcess.run(["opml", "import", path, "--config", install.configPath])
        #expect(again == 0)
        let (_, none, said) = try await ChildProcess.run(["opml", "import", path, "--dry-run", "--config", install.configPath])
        #expect(none.isEmpty && said == "\(path): would add 0 feeds, skipped 2 already configured; --dry-run: nothing written\n", "\(said)")
    }

    /// A list cut short (a download that stopped) imported the outlines before the cut, exit 0, and the rest
    /// were lost without a word (trial finding 24): refused now, the config untouched.
    @Test func aListThatEndsEarlyIsRefusedAndNothingImported() async throws {
        let dir = try makeTemporaryDirectory()
        let whole = try Data(contentsOf: URL(fileURLWithPath: Self.fixture))
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let original = try String(contentsOfFile: install.configPath, encoding: .utf8)
        for (name, data) in [("cut.opml", whole.prefix(700)), ("bad.opml", Data("<opml version=\"2.0\"><body><outline text=\"x\"".utf8))] {
            let path = dir.appendingPathComponent(name).path
            try data.write(to: URL(fileURLWithPath: path))
            let (status, out, err) = try await ChildProcess.run(["opml", "import", path, "--config", install.configPath])
            #expect(status == 1 && out.isEmpty, "\(name): \(out)")
            #expect(err.hasPrefix("\(path):") && err.contains(": the OPML document ends early, inside <")
                    && err.hasSuffix("nothing is imported from it: fetch or export the list again\n") && err.split(separator: "\n").count == 1,
                    "\(name): \(err)")
            #expect(try String(contentsOfFile: install.configPath, encoding: .utf8) == original)
        }
    }

    /// The import wrote a new file in the config's place: a link into a config repository became a file of
    /// its own (the repository never got the feeds), and a config made 0640 for a group became 0644 in root's
    /// (trial finding 31). It writes through the link now, and keeps the mode, owner and group.
    @Test func theImportWritesThroughALinkAndKeepsTheFilesModeAndGroup() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let repository = install.dir.appendingPathComponent("repository")
        try FileManager.default.createDirectory(at: repository, withIntermediateDirectories: true)
        let real = repository.appendingPathComponent("wirewatch.yaml").path
        try FileManager.default.moveItem(atPath: install.configPath, toPath: real)
        try FileManager.default.createSymbolicLink(atPath: install.configPath, withDestinationPath: "repository/wirewatch.yaml")
        chmod(real, 0o640)
        let group: gid_t = getuid() == 0 ? 65534 : getgid()
        #expect(chown(real, getuid(), group) == 0)

        let (status, out, err) = try await ChildProcess.run(["opml", "import", Self.fixture, "--config", install.configPath])
        #expect(status == 0, "\(out) \(err)")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: install.configPath)) == "repository/wirewatch.yaml")
        #expect(try String(contentsOfFile: real, encoding: .utf8).contains("markets-trade"))
        var info = stat()
        #expect(stat(real, &info) == 0)
        #expect(info.st_mode & 0o7777 == 0o640 && info.st_gid == group, "mode \(String(info.st_mode & 0o7777, radix: 8)) group \(info.st_gid)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: repository.path).filter { $0 != "wirewatch.yaml" }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func importThenExportRoundTrips() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let original = try String(contentsOfFile: install.configPath, encoding: .utf8)

        let (dryStatus, dry, _) = try await ChildProcess.run(["opml", "import", Self.fixture, "--dry-run", "--config", install.configPath])
        #expect(dryStatus == 0)
        #expect(dry.contains("- id: \"markets-trade\""))
        #expect(try String(contentsOfFile: install.configPath, encoding: .utf8) == original)
        let (_, dryJSON, _) = try await ChildProcess.run(["opml", "import", Self.fixture, "--dry-run", "--json", "--config", install.configPath])
        let planned = try JSONSerialization.jsonObject(with: Data(dryJSON.utf8)) as? [String: Any]
        #expect(planned?["written"] as? Bool == false)
        #expect((planned?["added"] as? [[String: Any]])?.compactMap { $0["id"] as? String }.contains("markets-trade") == true)
        #expect((planned?["added"] as? [Any])?.count == 4)
        // BBC Business is listed in two folders: its second listing is folded in, not "already configured" (trial finding 4).
        #expect((planned?["skipped"] as? [Any])?.count == 0)
        #expect((planned?["listedAgain"] as? [Any])?.count == 1)
        #expect(try String(contentsOfFile: install.configPath, encoding: .utf8) == original)

        let (status, stdout, stderr) = try await ChildProcess.run(["opml", "import", Self.fixture, "--config", install.configPath])
        #expect(status == 0, "\(stderr)")
        #expect(stdout.contains("added 4 feeds, skipped 0 already configured, folded 1 listed again in another folder into its feed as tags"), "\(stdout)")
        // The operator's text is kept; the config still checks clean.
        let edited = try String(contentsOfFile: install.configPath, encoding: .utf8)
        #expect(edited.hasPrefix(original.split(separator: "\n").prefix(3).joined(separator: "\n")))
        let (checked, out, err) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(checked == 0, "\(err)")
        #expect(out.contains("5 feeds"))
        // Importing again adds nothing.
        let (_, again, _) = try await ChildProcess.run(["opml", "import", Self.fixture, "--config", install.configPath])
        #expect(again.contains("added 0 feeds, skipped 5"))
        let (_, againJSON, _) = try await ChildProcess.run(["opml", "import", Self.fixture, "--json", "--config", install.configPath])
        #expect(againJSON.hasPrefix("{\"added\":[],\"config\":"))
        #expect(againJSON.hasSuffix(",\"written\":false}\n"))

        // Export, then import the export into a fresh config: the same feeds, ids and tags.
        let (exported, opml, _) = try await ChildProcess.run(["opml", "export", "--config", install.configPath])
        #expect(exported == 0)
        let exportPath = install.dir.appendingPathComponent("export.opml").path
        try opml.write(toFile: exportPath, atomically: true, encoding: .utf8)
        let other = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        try Self.removeFeeds(other)
        let (status2, _, err2) = try await ChildProcess.run(["opml", "import", exportPath, "--config", other.configPath])
        #expect(status2 == 0, "\(err2)")
        let first = try ConfigLoader.load(path: install.configPath).get().feeds
        let second = try ConfigLoader.load(path: other.configPath).get().feeds
        #expect(second.map(\.id) == first.map(\.id))
        #expect(second.map(\.url) == first.map(\.url))
        #expect(second.map(\.tags) == first.map(\.tags))
        #expect(first.first { $0.id.rawValue == "markets-trade" }?.tags == ["Business", "policy/trade", "markets"])
    }

    @Test func outlinesTheConfigWouldRefuseAreLeftOutWithTheReason() async throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/opml-with-unusable-urls.opml").path
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let (_, json, _) = try await ChildProcess.run(["opml", "import", fixture, "--dry-run", "--json", "--config", install.configPath])
        let planned = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((planned["added"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["harbour-news", "customs"])
        let refused = try #require(planned["refused"] as? [[String: String]])
        #expect(refused.map { $0["reason"] ?? "" } == ["not an http:// or https:// URL", "the URL has a space or control character in it",
                                                       "the URL names no host",
                                                       "the URL holds a password; add the feed by hand with its login in auth: { user: NAME, password: env:NAME }",
                                                       "the URL's 'token=' holds a credential; add the feed by hand with its url as env:NAME or credential:NAME"])

        let (status, stdout, stderr) = try await ChildProcess.run(["opml", "import", fixture, "--config", install.configPath])
        #expect(status == 0, "\(stderr)")
        #expect(stdout.contains("added 2 feeds"), "\(stdout)")
        #expect(stderr.contains("left out \"Old gopher hole\" (gopher://old.example/1/news): not an http:// or https:// URL"), "\(stderr)")
        // A refused URL's password and token are not printed, on stderr or in --json: only where it points.
        #expect(stderr.contains("left out \"Subscribers\" (https://paper.example/rss (login or query left out)): the URL's 'token=' holds"), "\(stderr)")
        #expect(stderr.contains("left out \"Members only\" (https://members.example/feed.xml (login or query left out)): the URL holds a password"), "\(stderr)")
        #expect(!stderr.contains("abc123") && !stderr.contains("hunter2") && !json.contains("abc123") && !json.contains("hunter2"), "\(stderr)\n\(json)")
        let (checked, _, err) = try await ChildProcess.run(["check", "--config", install.configPath])
        #expect(checked == 0, "\(err)")
    }

    /// A secret feed's export writes its reference as the `xmlUrl`: the import of that very file into that config
    /// left it out as "not an http:// or https:// URL" (review-configside finding 6). It is the feed the config has;
    /// into another config, the reason says what the reference is.
    @Test func aSecretFeedsExportIsKnownByTheConfigItCameFrom() async throws {
        let install = try TestInstall(feedURL: "env:WIREWATCH_TEST_MEMBERS_URL")
        let (exported, opml, why) = try await ChildProcess.run(["opml", "export", "--config", install.configPath])
        #expect(exported == 0 && opml.contains("xmlUrl=\"env:WIREWATCH_TEST_MEMBERS_URL\""), "\(opml)\(why)")
        let path = install.dir.appendingPathComponent("export.opml").path
        try opml.write(toFile: path, atomically: true, encoding: .utf8)
        let (status, stdout, stderr) = try await ChildProcess.run(["opml", "import", path, "--config", install.configPath])
        #expect(status == 0 && stdout.contains("added 0 feeds, skipped 1 already configured") && stderr.isEmpty, "\(stdout)\(stderr)")

        let other = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let (elsewhere, added, said) = try await ChildProcess.run(["opml", "import", path, "--config", other.configPath])
        #expect(elsewhere == 0 && added.contains("added 0 feeds"), "\(added)\(said)")
        #expect(said.hasSuffix(": left out \"test-desk\" (env:WIREWATCH_TEST_MEMBERS_URL): a secret's reference, not a URL: add the feed by hand "
            + "with an id and url: env:WIREWATCH_TEST_MEMBERS_URL, the secret set for the daemon\n"), "\(said)")
    }

    @Test func aFlowListOfFeedsIsNotEditedAndTheImportSaysSo() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        try Self.removeFeeds(install)
        let flow = try String(contentsOfFile: install.configPath, encoding: .utf8)
            .replacingOccurrences(of: "feeds: []", with: "feeds: [{id: desk, url: 'http://127.0.0.1:9/desk.xml'}]")
        try flow.write(toFile: install.configPath, atomically: true, encoding: .utf8)
        let (status, stdout, stderr) = try await ChildProcess.run(["opml", "import", Self.fixture, "--config", install.configPath])
        #expect(status == 1, "\(stdout)")
        #expect(stderr.contains("'feeds:' is a flow list ([ … ]), which this command does not edit"), "\(stderr)")
        #expect(try String(contentsOfFile: install.configPath, encoding: .utf8) == flow)
        let (dryStatus, dry, _) = try await ChildProcess.run(["opml", "import", Self.fixture, "--dry-run", "--config", install.configPath])
        #expect(dryStatus == 0)
        #expect(dry.contains("- id: \"markets-trade\""))
    }

    /// A comment after `feeds: []` is no flow list: the feeds go under the key, the comment stays.
    @Test func anEmptyListWithACommentIsEdited() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        try Self.removeFeeds(install)
        let text = try String(contentsOfFile: install.configPath, encoding: .utf8)
            .replacingOccurrences(of: "feeds: []", with: "feeds: []  # none yet")
        try text.write(toFile: install.configPath, atomically: true, encoding: .utf8)
        let (status, stdout, stderr) = try await ChildProcess.run(["opml", "import", Self.fixture, "--config", install.configPath])
        #expect(status == 0, "\(stderr)")
        #expect(stdout.contains("added 4 feeds"), "\(stdout)")
        let edited = try String(contentsOfFile: install.configPath, encoding: .utf8)
        #expect(edited.contains("feeds:  # none yet\n  - id: \"bbc-business\"\n"), "\(edited)")
        #expect(try ConfigLoader.load(path: install.configPath).get().feeds.count == 4)
    }

    /// The import fails on a flow list, yet first names the outlines to leave out of the ones added by hand.
    @Test func aFlowListImportStillSaysWhatIsLeftOut() async throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/opml-with-unusable-urls.opml").path
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        try Self.removeFeeds(install)
        let flow = try String(contentsOfFile: install.configPath, encoding: .utf8)
            .replacingOccurrences(of: "feeds: []", with: "feeds: [{id: desk, url: 'http://127.0.0.1:9/desk.xml'}]")
        try flow.write(toFile: install.configPath, atomically: true, encoding: .utf8)
        let (status, _, stderr) = try await ChildProcess.run(["opml", "import", fixture, "--config", install.configPath])
        #expect(status == 1)
        #expect(stderr.contains("left out \"Old gopher hole\" (gopher://old.example/1/news): not an http:// or https:// URL"), "\(stderr)")
        #expect(stderr.contains("'feeds:' is a flow list"), "\(stderr)")
    }

    /// The config is read as every command reads it: the reason it cannot be, not "cannot read".
    @Test func aConfigThatCannotBeReadIsSaidWhy() async throws {
        let install = try TestInstall(feedURL: "http://127.0.0.1:9/feed.xml")
        let (status, _, stderr) = try await ChildProcess.run(["opml", "import", Self.fixture, "--config", install.dir.path])
        #expect(status == 1)
        #expect(stderr == "\(install.dir.path):1:1: config file is a directory, not a file; give the path of wirewatch.yaml\n")
    }

    /// Leaves the config with `feeds: []`.
    static func removeFeeds(_ install: TestInstall) throws {
        var lines = try String(contentsOfFile: install.configPath, encoding: .utf8).components(separatedBy: "\n")
        let start = lines.firstIndex(of: "feeds:")!
        let end = lines[(start + 1)...].firstIndex { !$0.hasPrefix(" ") && !$0.hasPrefix("-") }!
        lines.replaceSubrange(start..<end, with: ["feeds: []"])
        try lines.joined(separator: "\n").write(toFile: install.configPath, atomically: true, encoding: .utf8)
    }
}
