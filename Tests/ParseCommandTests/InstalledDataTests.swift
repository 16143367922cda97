import Foundation
import Testing
import TestSupport

/// `make install` puts the analysis data in $PREFIX/share/wirewatch, beside
/// $PREFIX/bin/wirewatch; `wirewatch analyze` run from anywhere finds it there
/// without --data, whatever the PREFIX.
@Suite struct InstalledDataTests {
    @Test func analyzeFindsTheDataInstalledBesideTheBinary() async throws {
        let prefix = try makeTemporaryDirectory("prefix")
        let bin = prefix.appendingPathComponent("bin/wirewatch").path
        let share = prefix.appendingPathComponent("share/wirewatch")
        try FileManager.default.createDirectory(atPath: (bin as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ChildProcess.wirewatchBinary, toPath: bin)
        try FileManager.default.createDirectory(at: share.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: share, withDestinationURL: repositoryRoot.appendingPathComponent("Config"))
        let article = prefix.appendingPathComponent("article.txt")
        try "Microsoft and OpenAI met in Paris to talk about export controls.\n".write(to: article, atomically: true, encoding: .utf8)

        // Run from a directory with no Config/ in it, without WIREWATCH_DATA.
        let p = try ChildProcess(bin, arguments: ["analyze", "--json", article.path], environment: ["WIREWATCH_DATA": ""], directory: prefix)
        let status = await p.wait(timeout: 60)
        #expect(status == 0, "\(p.stderr)")
        #expect(p.stdout.contains("\"Microsoft\""), "\(p.stdout)")
    }

    @Test func analyzeFindsTheDataBesideALinkToTheBinary() async throws {
        // /usr/local/bin/wirewatch -> /opt/wirewatch/bin/wirewatch, data in /usr/local/share/wirewatch:
        // the link's directory is where the data is, not the binary's (which has none beside it).
        let (prefix, bin, article) = try linkedInstall()

        let p = try ChildProcess(bin.path, arguments: ["analyze", "--json", article.path], environment: ["WIREWATCH_DATA": ""], directory: prefix)
        let status = await p.wait(timeout: 60)
        #expect(status == 0, "\(p.stderr)")
        #expect(p.stdout.contains("\"Microsoft\""), "\(p.stdout)")
    }

    @Test func analyzeRunByNameFromPathFindsTheDataBesideTheLink() async throws {
        // A shell passes the bare name as argv[0] when it found the link on $PATH: the data is
        // beside the $PATH entry it was found in, not beside the binary.
        let (prefix, bin, article) = try linkedInstall()

        // An empty directory first on $PATH and one holding a "wirewatch" that may not be run: skipped, as the shell does.
        let empty = prefix.appendingPathComponent("empty").path
        let unrunnable = prefix.appendingPathComponent("unrunnable").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: unrunnable, withIntermediateDirectories: true)
        try "".write(toFile: unrunnable + "/wirewatch", atomically: true, encoding: .utf8)
        let path = [empty, unrunnable, bin.deletingLastPathComponent().path, "/usr/bin", "/bin"].joined(separator: ":")
        let p = try ChildProcess("/bin/sh", arguments: ["-c", "wirewatch analyze --json \"$1\"", "sh", article.path],
                                 environment: ["WIREWATCH_DATA": "", "PATH": path], directory: prefix)
        let status = await p.wait(timeout: 60)
        #expect(status == 0, "\(p.stderr)")
        #expect(p.stdout.contains("\"Microsoft\""), "\(p.stdout)")
    }

    /// wirewatch's data installed where every binary looks (`make install` ran on this machine).
    static let dataInstalled = ["/usr/local/share/wirewatch", "/usr/share/wirewatch"].contains {
        FileManager.default.fileExists(atPath: $0 + "/taxonomy.yaml")
    }

    /// A prefix holding a copy of the binary in bin/ and a config without `data` in etc/: the config and
    /// the copy.
    static func installedPrefix() throws -> (prefix: URL, bin: String, config: String) {
        let prefix = try makeTemporaryDirectory("prefix")
        let bin = prefix.appendingPathComponent("bin/wirewatch").path
        try FileManager.default.createDirectory(atPath: (bin as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ChildProcess.wirewatchBinary, toPath: bin)
        let etc = prefix.appendingPathComponent("etc")
        try FileManager.default.createDirectory(at: etc.appendingPathComponent("rules.d"), withIntermediateDirectories: true)
        try "rules:\n  - id: r1\n    query: Microsoft\n"
            .write(to: etc.appendingPathComponent("rules.d/r.yaml"), atomically: true, encoding: .utf8)
        let config = etc.appendingPathComponent("wirewatch.yaml").path
        try "store: var/state.sqlite\nrules: rules.d\nfeeds: []\nsinks:\n  - id: alert-log\n    type: alert-log\n    path: var/alerts.jsonl\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        return (prefix, bin, config)
    }

    /// No data anywhere it looks: every place is named; then data beside the binary is found. Shown as skipped,
    /// not passed, on a machine with wirewatch's data installed, where the copied binary finds it whatever it
    /// searches (review-configside, 9; review-leadmends, 10).
    @Test(.enabled(if: !dataInstalled, "wirewatch's data is installed under /usr/local or /usr: every binary finds it"))
    func withNoDataAnywhereEveryPlaceLookedInIsNamed() async throws {
        let (prefix, bin, config) = try Self.installedPrefix()
        let (missing, _, said) = try await ChildProcess.run(["check", "--config", config], executable: bin, environment: ["WIREWATCH_DATA": ""])
        #expect(missing == 1 && said == "\(config):1:1: no analysis data found (looked in \(prefix.path)/share/wirewatch, /usr/local/share/wirewatch, "
                + "/usr/share/wirewatch); set 'data' to where wirewatch's taxonomy.yaml and gazetteer/ are installed\n", "\(said)")
        // Installed beside the binary, as `make install` puts it: found there (where /usr/local has data, that
        // would answer whatever this step did: review of this session, 18).
        try FileManager.default.createDirectory(at: prefix.appendingPathComponent("share"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: prefix.appendingPathComponent("share/wirewatch"),
                                                   withDestinationURL: repositoryRoot.appendingPathComponent("Config"))
        let (found, fine, err) = try await ChildProcess.run(["check", "--config", config], executable: bin, environment: ["WIREWATCH_DATA": ""])
        #expect(found == 0 && fine.contains(": OK"), "\(fine)\(err)")
    }

    /// A config without `data` was judged against /usr/share/wirewatch, where `make install` puts nothing, while
    /// `analyze` found the data beside the binary; `$WIREWATCH_DATA` was `analyze`'s alone (trial2 finding 21).
    /// Both now search the same places.
    @Test func aConfigWithoutDataFindsItWhereAnalyzeDoes() async throws {
        let (_, bin, config) = try Self.installedPrefix()
        // $WIREWATCH_DATA, as for analyze.
        let (named, ok, _) = try await ChildProcess.run(["check", "--config", config], executable: bin,
                                                        environment: ["WIREWATCH_DATA": repositoryRoot.appendingPathComponent("Config").path])
        #expect(named == 0 && ok.contains(": OK"), "\(ok)")
    }

    /// A missing directory that `$WIREWATCH_DATA` named was said as if the reader had named it (review-configside finding 13).
    @Test func analyzeSaysThatAMissingDataDirectoryCameFromTheEnvironment() async throws {
        let article = try makeTemporaryDirectory("article").appendingPathComponent("article.txt")
        try "Microsoft and OpenAI met in Paris.\n".write(to: article, atomically: true, encoding: .utf8)
        let missing = article.deletingLastPathComponent().appendingPathComponent("no-data").path
        let (status, _, said) = try await ChildProcess.run(["analyze", article.path], environment: ["WIREWATCH_DATA": missing])
        #expect(status == 1 && said == "\(missing) (from $WIREWATCH_DATA): no such data directory\n", "\(said)")
        let (named, _, told) = try await ChildProcess.run(["analyze", "--data", missing, article.path], environment: ["WIREWATCH_DATA": missing])
        #expect(named == 1 && told == "\(missing): no such data directory\n", "\(told)")
    }

    /// PREFIX/bin/wirewatch, a link to the built binary, with the data in PREFIX/share/wirewatch, and an article to analyze.
    private func linkedInstall() throws -> (prefix: URL, bin: URL, article: URL) {
        let prefix = try makeTemporaryDirectory("prefix")
        let bin = prefix.appendingPathComponent("bin/wirewatch")
        let share = prefix.appendingPathComponent("share/wirewatch")
        try FileManager.default.createDirectory(at: bin.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: bin.path, withDestinationPath: ChildProcess.wirewatchBinary)
        try FileManager.default.createDirectory(at: share.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: share, withDestinationURL: repositoryRoot.appendingPathComponent("Config"))
        let article = prefix.appendingPathComponent("article.txt")
        try "Microsoft and OpenAI met in Paris to talk about export controls.\n".write(to: article, atomically: true, encoding: .utf8)
        return (prefix, bin, article)
    }
}
