import ArgumentParser
import Daemon
import FeedParsing
import Fetching
import Foundation

struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse feeds (files or http(s) URLs) and print what wirewatch reads from them.",
        discussion: "Given several, prints one result per line, in order. --json prints the shape documented in docs/parse-json.md.")

    @Argument(help: "Feed files, file: URLs or http(s) URLs.") var sources: [String]
    @Flag(help: "Print each parsed feed as one line of JSON.") var json = false
    @Flag(help: "Print only format, entry count and bytes, one line per feed.") var summary = false

    func validate() throws {
        // Each names the whole output's shape: --summary alone used to win, leaving a script that asked for JSON with tab-separated lines.
        if json && summary { throw ValidationError("--json and --summary each choose the output; give one") }
    }

    func run() async throws {
        var failed = false
        let fetcher = sources.contains(where: Self.isURL) ? Fetcher() : nil
        defer { fetcher?.shutdown() }
        for source in sources {
            guard let document = await load(source, fetcher: fetcher) else {
                failed = true
                continue
            }
            let outcome = FeedParser.parse(document.body, url: document.url, contentType: document.contentType)
            switch outcome {
            case .feed(let feed):
                if summary {
                    print("\(source)\t\(feed.format.rawValue)\t\(feed.entries.count) entries\t\(document.body.count) bytes")
                    if let problems = feed.problems.summary { report("\(source): salvaged: \(problems)") }
                } else if json {
                    print(String(decoding: try feed.jsonData(), as: UTF8.self))
                    if let problems = feed.problems.summary { report("\(source): salvaged: \(problems)") }
                } else {
                    print("\(source): \(feed.format.rawValue) \"\(feed.title ?? "")\", \(feed.entries.count) entries")
                    for problem in feed.problems { print("  salvaged: \(problem)") }
                    for e in feed.entries {
                        print("  \((e.published ?? e.updated).map(ParsedFeed.isoDate) ?? "-")  \(e.title ?? "(untitled)")")
                    }
                }
            case .notAFeed(let found, let links):
                failed = true
                let advertised = links.isEmpty ? "" : "; it advertises \(links.joined(separator: ", "))"
                report("\(source): not a feed: found \(found)\(advertised)")
                if json {
                    let object: [String: Any] = ["error": "not a feed", "found": found, "feedLinks": links]
                    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                    print(String(decoding: data, as: UTF8.self))
                }
            }
        }
        if failed { throw ExitCode(1) }
    }

    struct Document {
        var body: Data
        var url: String
        var contentType: String?
    }

    static func isURL(_ s: String) -> Bool {
        let l = s.lowercased()
        return l.hasPrefix("http://") || l.hasPrefix("https://")
    }

    private func load(_ source: String, fetcher: Fetcher?) async -> Document? {
        if Self.isURL(source), let fetcher {
            let result = await fetcher.fetch(FetchRequest(url: source))
            if let error = result.error {
                report("\(source): \(error)")
                return nil
            }
            return Document(body: result.body, url: result.finalURL, contentType: result.headers.contentType)
        }
        // A `file:` URL names its file, from the current directory when relative (there is no config here).
        let path = ConfigLoader.filePath(ofURL: source, configPath: nil) ?? source
        let data: Data
        switch InputFile.read(path, what: "feed", hint: "give feed files or http(s) URLs") {
        case .success(let d): data = d
        case .failure(let error):
            report(error.description)
            return nil
        }
        return Document(body: data, url: URL(fileURLWithPath: path).absoluteString, contentType: nil)
    }

    private func report(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
