import FeedParsing
import Foundation

/// Times `FeedParser.parse` over files already in memory, in CPU seconds, as
/// the floor and the Python peers are timed: `parser-bench FILE...` prints
/// "files bytes entries seconds". `--dump` prints every field instead (see `ParsedFeedDump`).
/// `--read-content` also reads every entry's `content`, whose plain text is
/// rendered only when read (the daemon reads `contentHTML`; `parse --json` reads it).
@main
enum ParserBench {
    static func main() {
        var paths = Array(CommandLine.arguments.dropFirst())
        let dump = paths.first == "--dump"
        if dump { paths.removeFirst() }
        let readContent = paths.first == "--read-content"
        if readContent { paths.removeFirst() }
        let documents = paths.map { path -> (Data, String) in
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("\(path): cannot read file\n".utf8))
                exit(1)
            }
            return (data, URL(fileURLWithPath: path).absoluteString)
        }
        if dump {
            for (data, url) in documents { print(ParsedFeedDump.line(FeedParser.parse(data, url: url))) }
            return
        }
        let start = cpuSeconds()
        var entries = 0
        var contentBytes = 0 // printed to stderr, so the reads cannot be optimised away
        for (data, url) in documents {
            if case .feed(let feed) = FeedParser.parse(data, url: url) {
                entries += feed.entries.count
                if readContent { contentBytes += feed.entries.reduce(0) { $0 + ($1.content?.utf8.count ?? 0) } }
            }
        }
        let elapsed = cpuSeconds() - start
        if readContent { FileHandle.standardError.write(Data("content text: \(contentBytes) bytes\n".utf8)) }
        print(documents.count, documents.reduce(0) { $0 + $1.0.count }, entries, String(format: "%.6f", elapsed))
    }

    static func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
