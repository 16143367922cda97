import ArgumentParser
import FeedParsing
import Foundation

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse", abstract: "Parse feed files and print what wirewatch reads from them.")

    @Argument(help: "Feed files to parse.") var files: [String]
    @Flag(help: "Print the parsed feed as JSON (one line per feed).") var json = false
    @Flag(help: "Print only format, entry count and bytes, one line per feed.") var summary = false

    func run() throws {
        var failed = false
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("\(path): cannot read file\n".utf8))
                failed = true
                continue
            }
            switch FeedParser.parse(data, url: URL(fileURLWithPath: path).absoluteString) {
            case .feed(let feed):
                if summary {
                    print("\(path)\t\(feed.format.rawValue)\t\(feed.entries.count) entries\t\(data.count) bytes")
                } else if json {
                    print(String(decoding: try feed.jsonData(), as: UTF8.self))
                } else {
                    print("\(path): \(feed.format.rawValue) \"\(feed.title ?? "")\", \(feed.entries.count) entries")
                    for e in feed.entries { print("  \(e.published.map { "\($0)" } ?? "-")  \(e.title ?? "(untitled)")") }
                }
            case .notAFeed(let found, let links):
                FileHandle.standardError.write(Data("\(path): not a feed: found \(found)\(links.isEmpty ? "" : "; it advertises \(links.joined(separator: ", "))")\n".utf8))
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}
