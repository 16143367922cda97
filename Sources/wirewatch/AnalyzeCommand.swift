import Analysis
import ArgumentParser
import Daemon
import Foundation
import WirewatchCore

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse an article (plain text or HTML): language, entities, topics, story fingerprint.",
        discussion: """
            With --batch, reads JSON lines {"id", "text"} on standard input (a first line followed by a blank line is the title, \
            as in "Title\\n\\nBody") and writes one JSON line per input:
            {"id", "lang", "fingerprint", "body_fingerprint" (a body of 40 words or more), "entities": [{"text", "type", "start", "end", "canonical"}],
            "topics": [{"id", "score"}]}, offsets counted in Unicode scalars of the given text.
            """)

    @Argument(help: "The article to analyse, or - for standard input.") var file: String = "-"
    @Flag(help: "Print the analysis as JSON.") var json = false
    @Flag(help: "Read JSON lines {\"id\", \"text\"} on standard input; write one JSON line each.") var batch = false
    @Option(help: "The article's title. Without it, the title is read as `rules test` reads it: an HTML page's <title>, else a text's first line; a feed's every entry is analysed.")
    var title: String?
    @Option(help: "The analysis data directory (taxonomy.yaml, gazetteer/). Default: $WIREWATCH_DATA, else the first of share/wirewatch beside the bin/ of this binary, /usr/local/share/wirewatch, /usr/share/wirewatch, the Config/ of the checkout a binary under .build/ was built in (as for a config without 'data').")
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
        // Read as `rules test` reads it (a page's <title>, a text's first line), so the analysis inspected is
        // the one the rules see (trial5 finding 21).
        let analyses: [ArticleAnalysis]
        if let title {
            analyses = [analyzer.analyze(title: title, html: ArticleDocument.text(data))]
        } else {
            let name = file == "-" ? "stdin" : file
            let articles = ArticleDocument.articles(from: data, name: name, feedID: FeedID("analyze")) ?? []
            analyses = articles.map { analyzer.analyze($0) }
        }
        for a in analyses {
            if json {
                print(String(decoding: try JSONSerialization.data(withJSONObject: a.jsonObject(), options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
            } else {
                print(ArticleReport.text(a))
            }
        }
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
            let (a, source) = analyzer.analyze(plainText: text, languageHint: object["lang"] as? String, titled: true)
            let record = a.batchRecord(id: object["id"] ?? NSNull(), source: source, given: Array(text.unicodeScalars))
            print(String(decoding: try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
        }
        if failed { throw ExitCode(1) }
    }

    private func loadAnalyzer() throws -> Analyzer {
        if let config {
            return try setupToRead(config, ruleWarnings: false).analyzer
        }
        // The search a config without `data` makes too, so that `analyze` and the daemon read the same data.
        let search = AnalysisDataSearch()
        guard let dir = data ?? search.found else {
            throw fail("analyze: \(search.notFound); pass --data DIR (the directory holding taxonomy.yaml and gazetteer/)")
        }
        guard FileManager.default.fileExists(atPath: dir) else {
            // Not named on the command line: say where it came from, as `search.notFound` does.
            let from = data == nil && search.fromEnvironment ? " (from $\(AnalysisDataSearch.variable))" : ""
            throw fail("\(dir)\(from): no such data directory")
        }
        do {
            return Analyzer(knowledge: try KnowledgeBase.load(dataDirectory: dir))
        } catch {
            throw fail("\(error)")
        }
    }
}
