import Analysis
import ArgumentParser
import Daemon
import Foundation

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse an article (plain text or HTML): language, entities, topics, story fingerprint.",
        discussion: """
            With --batch, reads JSON lines {"id", "text"} on standard input and writes one JSON line per input:
            {"id", "lang", "fingerprint", "body_fingerprint" (a body of 40 words or more), "entities": [{"text", "type", "start", "end", "canonical"}],
            "topics": [{"id", "score"}]}, offsets counted in Unicode scalars of the given text.
            """)

    @Argument(help: "The article to analyse, or - for standard input.") var file: String = "-"
    @Flag(help: "Print the analysis as JSON.") var json = false
    @Flag(help: "Read JSON lines {\"id\", \"text\"} on standard input; write one JSON line each.") var batch = false
    @Option(help: "The article's title. Without it, a plain-text file's first line is the title when a blank line follows it.")
    var title: String?
    @Option(help: "The analysis data directory (taxonomy.yaml, gazetteer/). Default: $WIREWATCH_DATA, share/wirewatch beside the bin/ of this binary, /usr/share/wirewatch, or ./Config.")
    var data: String?
    @Option(name: .shortAndLong, help: "A configuration whose data directory and rule files (entities, topics) to use.")
    var config: String?

    func run() throws {
        let analyzer = try loadAnalyzer()
        if batch { return try runBatch(analyzer) }
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            switch InputFile.read(file, what: "article", hint: "give an article file, or - for standard input") {
            case .success(let d): data = d
            case .failure(let error): throw fail(error.description)
            }
        }
        // As `rules test` does: a binary file analysed is garbage reported as entities, not a mistake said.
        if ArticleDocument.holdsNUL(data) {
            throw fail("\(file == "-" ? "stdin" : file): not text (it holds NUL bytes); an article is plain text or an HTML page")
        }
        let input = String(decoding: data, as: UTF8.self)
        let (headline, body) = split(input)
        let a = analyzer.analyze(title: headline, html: body)
        if json {
            print(String(decoding: try JSONSerialization.data(withJSONObject: a.jsonObject(), options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
        } else {
            print(ArticleReport.text(a))
        }
    }

    /// The title and the body: `--title`, or a plain-text first line followed by a blank line.
    private func split(_ input: String) -> (String, String) {
        if let title { return (title, input) }
        let looksLikeHTML = input.contains("<") && input.contains(">")
        guard !looksLikeHTML, let range = input.range(of: "\n\n") ?? input.range(of: "\r\n\r\n") else { return ("", input) }
        let first = input[..<range.lowerBound]
        guard !first.contains("\n"), first.count <= 200 else { return ("", input) }
        return (String(first), String(input[range.upperBound...]))
    }

    private func runBatch(_ analyzer: Analyzer) throws {
        var lineNumber = 0
        var failed = false
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            if line.allSatisfy(\.isWhitespace) { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let text = object["text"] as? String else {
                FileHandle.standardError.write(Data("stdin:\(lineNumber):1: expected a JSON object with a string \"text\"\n".utf8))
                failed = true
                continue
            }
            let (a, source) = analyzer.analyze(plainText: text, languageHint: object["lang"] as? String)
            let record = a.batchRecord(id: object["id"] ?? NSNull(), source: source, given: Array(text.unicodeScalars))
            print(String(decoding: try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
        }
        if failed { throw ExitCode(1) }
    }

    /// `make install` puts the data in $PREFIX/share/wirewatch beside $PREFIX/bin/wirewatch,
    /// whatever the PREFIX: look beside the binary as run (a link such as /usr/local/bin/wirewatch
    /// into a PREFIX), then beside the file it is. On Linux Bundle.main.executableURL comes from
    /// /proc/self/exe, links already followed, so "as run" is argv[0]: a path when given as one,
    /// else a bare name the shell found on $PATH, which we look up again the way it did.
    private static var installedData: [String] {
        var binaries: [URL] = []
        if let run = CommandLine.arguments.first, !run.isEmpty {
            if run.contains("/") {
                binaries.append(URL(fileURLWithPath: run, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)).standardizedFileURL)
            } else if let found = onPath(run) {
                binaries.append(found)
            }
        }
        if let exe = Bundle.main.executableURL { binaries.append(exe) }
        return binaries.map {
            $0.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/wirewatch").path
        }
    }

    /// The first entry of $PATH holding an executable `name`, as a shell searches it: skipping directories and what may not be run; an empty entry is the current directory.
    private static func onPath(_ name: String) -> URL? {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for entry in path.split(separator: ":", omittingEmptySubsequences: false) {
            let dir = entry.isEmpty ? "." : String(entry)
            let candidate = dir + "/" + name
            var isDirectory: ObjCBool = false
            if access(candidate, X_OK) == 0, FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue {
                return URL(fileURLWithPath: candidate, relativeTo: cwd).standardizedFileURL
            }
        }
        return nil
    }

    private func loadAnalyzer() throws -> Analyzer {
        if let config {
            return try setupToRead(config).analyzer
        }
        let env = ProcessInfo.processInfo.environment["WIREWATCH_DATA"].flatMap { $0.isEmpty ? nil : $0 }
        let dir = data ?? env ?? (Self.installedData + ["/usr/share/wirewatch", "Config"]).first {
            FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("taxonomy.yaml"))
        }
        guard let dir else { throw fail("analyze: no analysis data found; pass --data DIR (the directory holding taxonomy.yaml and gazetteer/)") }
        guard FileManager.default.fileExists(atPath: dir) else { throw fail("\(dir): no such data directory") }
        do {
            return Analyzer(knowledge: try KnowledgeBase.load(dataDirectory: dir))
        } catch {
            throw fail("\(error)")
        }
    }
}
