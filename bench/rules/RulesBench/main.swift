import Analysis
import Foundation
import Rules
import WirewatchCore

// The rules matcher benchmark: bench/rules/run.sh builds this in release and
// runs it, then scans the same articles with pyahocorasick.
// Usage: RulesBench REPOSITORY WORDLIST OUTDIR [RULE-COUNTS [ARTICLES [SECONDS]]]
// (the optional arguments make a short run for a profiler: e.g. 1000 200 0;
// SECONDS below 0 runs that many passes per window)

let args = CommandLine.arguments
guard args.count >= 4 else { fatalError("usage: RulesBench REPOSITORY WORDLIST OUTDIR [RULE-COUNTS [ARTICLES [SECONDS]]]") }
let repository = URL(fileURLWithPath: args[1])
let out = URL(fileURLWithPath: args[3])
try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
let counts = args.count > 4 ? args[4].split(separator: ",").compactMap { Int($0) } : [10, 1_000, 10_000, 100_000]
let generatedArticles = args.count > 5 ? Int(args[5]) ?? 2_000 : 2_000
let minimumSeconds = args.count > 6 ? Double(args[6]) ?? 3 : 3
/// Measuring windows per rule count (and for the peer), the best one kept.
let rounds = 3
/// The peer's Python; without it (a profiling run) only ours is measured.
let peerPython = ProcessInfo.processInfo.environment["PEER_PYTHON"]
/// What matching returned, summed, so that no result goes unused.
nonisolated(unsafe) var evidenceCount = 0
var rng = SplitMix(state: 20261129)

/// This thread's processor time, not the wall clock: the machine is shared
/// (two cores, several engineers building), and a window on the wall clock
/// measures their load as much as ours. aho.py measures its side the same way.
func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}
func log(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }

var base = try KnowledgeBase.load(dataDirectory: repository.appendingPathComponent("Config").path)
let corpus = try Corpus.build(repository: repository, wordList: args[2], generated: generatedArticles, topics: base.topics, rng: &rng)
base.add(entities: corpus.entityNames.map { EntityDefinition(name: $0, type: $0.hasSuffix(" Corp") ? .org : .person) })
let analyzer = Analyzer(knowledge: base)

var t0 = now()
let inputs = corpus.articles.map { MatchInput(analysis: analyzer.analyze($0), article: $0) }
let analysisRate = Double(inputs.count) / (now() - t0)
let tokens = inputs.map(\.analysis.tokens.count).reduce(0, +)
log("corpus: \(inputs.count) articles, \(tokens / inputs.count) tokens each on average; analysis \(Int(analysisRate)) articles/s")

// The texts the keyword scan reads: exactly what our matcher reads.
try inputs.map { String(decoding: try JSONEncoder().encode($0.analysis.text), as: UTF8.self) }.joined(separator: "\n")
    .write(to: out.appendingPathComponent("articles.jsonl"), atomically: true, encoding: .utf8)

// Three rule sets: "broad" draws terms from the 1,000th most common word on,
// "specific" from the 10,000th on (terms that, like names, rarely occur),
// both in the same mix of shapes (single words, ORs, exclusions, NEAR, …);
// "operator" draws from the 10,000th on too, in the shapes an operator
// watching named things writes (an entity or rare term AND a topic, phrase
// or term).
var variants: [[String: Any]] = []
/// Tokenising an article's text (with its sentences, which SENTENCE needs), as the
/// analysis core does once per article for every stage after it: the one step of
/// the issue's "tokenise once, look the terms up, evaluate" that matching itself
/// does not time. Measured in every round beside the matching windows.
var tokeniseRate = 0.0
// RULES_BENCH_VARIANTS=operator (a comma-separated list) measures only those, for a profiler.
let only = ProcessInfo.processInfo.environment["RULES_BENCH_VARIANTS"].map { Set($0.split(separator: ",").map(String.init)) }
for (variant, minimumRank) in [("broad", 1_000), ("specific", 10_000), ("operator", 10_000)] {
    let dictionary = RuleGenerator.dictionary(vocabulary: corpus.vocabulary, minimumRank: minimumRank, articles: inputs.map(\.analysis), rng: &rng)
    let generator = RuleGenerator(dictionary: dictionary, entities: corpus.entityNames + ["OpenAI", "DeepSeek", "Microsoft"],
                                  topics: base.topics.map(\.id))
    let queries = (0..<100_000).map { _ in variant == "operator" ? generator.operatorRule(&rng) : generator.rule(&rng) }
    if let only, !only.contains(variant) { continue }
    log("\(variant): dictionary of \(dictionary.count) terms and phrases; \(queries.count) rules generated")

    // Every rule count compiled first, then measured in rounds (each count,
    // then the peer on the same count, one window each): the machine is
    // shared, and a count measured minutes after another meets another load.
    struct Setup {
        var n: Int; var book: RuleBook; var yamlSeconds: Double; var compileSeconds: Double; var terms: String; var termCount: Int
        var peakBytes: Int; var steadyBytes: Int; var untrimmedBytes: Int
    }
    var setups: [Setup] = []
    for n in counts {
        // Resident memory with every earlier count's rules alive: what this count adds is measured from here.
        let resident = Memory.steady()
        var yamlSeconds = 0.0, compileSeconds = 0.0
        let book: RuleBook = try {
            var yaml = "rules:\n"
            for (i, q) in queries.prefix(n).enumerated() { yaml += "  - id: r\(i)\n    query: '\(q.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''"))'\n" }
            // The peak counts the file's text, as the daemon holds it while reading.
            Memory.resetPeak()
            // Reading the YAML, then compiling the queries into the index, timed apart.
            t0 = now()
            let file = RuleFile(path: "bench.yaml", text: yaml)
            yamlSeconds = now() - t0
            t0 = now()
            switch RuleBook.compile([file], base: base, sinks: []) {
            case .success(let b): compileSeconds = now() - t0; return b
            case .failure(let d): throw BenchError.rules("generated rules do not compile: \(d.items.prefix(3))")
            }
        }()
        // The text, the YAML nodes and the builder's state are freed by now: what is left is what the daemon keeps.
        let peakBytes = Memory.peak() - resident
        let untrimmedBytes = Memory.resident() - resident
        let steadyBytes = Memory.steady() - resident
        // The union of the rules' terms, for the keyword scan.
        var terms = Set<String>()
        for r in book.rules {
            if let q = QueryParser.parse(r.querySource, knowledge: book.knowledge).query { collectTerms(q, into: &terms) }
        }
        let path = out.appendingPathComponent("terms-\(variant)-\(n).txt").path
        try terms.sorted().joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        setups.append(Setup(n: n, book: book, yamlSeconds: yamlSeconds, compileSeconds: compileSeconds, terms: path, termCount: terms.count,
                            peakBytes: peakBytes, steadyBytes: steadyBytes, untrimmedBytes: untrimmedBytes))
    }

    var rates = [Double](repeating: 0, count: setups.count), indexRates = rates, peerRates = rates, peerHits = rates
    for _ in 0..<rounds {
        tokeniseRate = max(tokeniseRate, window(inputs.count) { for input in inputs { evidenceCount &+= Tokenizer.tokenize(input.analysis.text).tokens.count } })
        for (k, setup) in setups.enumerated() {
            let book = setup.book
            rates[k] = max(rates[k], window(inputs.count) { for input in inputs { evidenceCount &+= book.match(input).reduce(0) { $0 + $1.evidence.count } } })
            // The index alone (tokens looked up, rules filtered), without evaluating anything.
            indexRates[k] = max(indexRates[k], window(inputs.count) { for input in inputs { evidenceCount &+= book.candidateCount(input) } })
            if let peer = peerPython {
                let aho = try peerScan(peer, terms: setup.terms)
                peerRates[k] = max(peerRates[k], aho.rate)
                peerHits[k] = aho.hits
            }
        }
    }

    var results: [[String: Any]] = []
    for (k, setup) in setups.enumerated() {
        var fired = 0, evaluated = 0
        for input in inputs {
            fired += setup.book.match(input).count
            evaluated += setup.book.candidateCount(input)
        }
        let perArticle = { (x: Int) in Double(x) / Double(inputs.count) }
        log("\(variant) \(setup.n) rules: YAML read in \(String(format: "%.2f", setup.yamlSeconds)) s, compiled in \(String(format: "%.2f", setup.compileSeconds)) s, \(setup.termCount) distinct terms, "
            + "\(Int(rates[k])) articles/s (index alone \(Int(indexRates[k]))), pyahocorasick \(Int(peerRates[k])) articles/s; "
            + "\(String(format: "%.1f", perArticle(evaluated))) rules evaluated and \(String(format: "%.2f", perArticle(fired))) fire per article; "
            + "memory \(setup.steadyBytes / 1_000_000) MB kept, \(setup.untrimmedBytes / 1_000_000) MB before malloc_trim, \(setup.peakBytes / 1_000_000) MB at the peak")
        results.append(["rules": setup.n, "rate": rates[k], "index_rate": indexRates[k], "yaml_s": setup.yamlSeconds, "compile_s": setup.compileSeconds, "terms": setup.termCount,
                        "evaluated_per_article": perArticle(evaluated), "fired_per_article": perArticle(fired),
                        "aho_rate": peerRates[k], "aho_hits_per_article": peerHits[k],
                        "peak_bytes": setup.peakBytes, "steady_bytes": setup.steadyBytes, "untrimmed_bytes": setup.untrimmedBytes,
                        "components": setup.book.footprint().map { [$0.component, $0.bytes] as [Any] }])
    }
    variants.append(["name": variant, "dictionary": dictionary.count, "results": results])
}
let summary: [String: Any] = ["articles": inputs.count, "tokens_per_article": tokens / inputs.count, "analysis_rate": analysisRate,
                              "tokenise_rate": tokeniseRate, "variants": variants]
print(String(decoding: try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys]), as: UTF8.self))

/// Articles per second over one window of at least `minimumSeconds / rounds`,
/// or of exactly `-minimumSeconds` passes when it is negative (to compare
/// two builds by the processor's cycle counter, e.g. `perf stat`, over the
/// same work).
func window(_ articles: Int, _ pass: () -> Void) -> Double {
    var passes = 0
    let start = now()
    var elapsed = 0.0
    repeat {
        pass()
        passes += 1
        elapsed = now() - start
    } while minimumSeconds < 0 ? passes < Int(-minimumSeconds) : elapsed < minimumSeconds / Double(rounds)
    return Double(passes * articles) / elapsed
}

/// Runs one window of `aho.py scan` with `python`.
func peerScan(_ python: String, terms: String) throws -> (rate: Double, hits: Double) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: python)
    p.arguments = [repository.appendingPathComponent("bench/rules/aho.py").path, "scan", out.appendingPathComponent("articles.jsonl").path,
                   terms, String(minimumSeconds / Double(rounds))]
    let pipe = Pipe()
    p.standardOutput = pipe
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0, let r = try JSONSerialization.jsonObject(with: data) as? [String: Double],
          let rate = r["rate"], let hits = r["hits"] else { fatalError("aho.py scan failed") }
    return (rate, hits)
}

enum BenchError: Error { case rules(String) }

func collectTerms(_ q: Query, into terms: inout Set<String>) {
    switch q {
    case .term(let t): terms.insert(t.words.filter { $0.kind != .any }.map(\.text).joined(separator: " "))
    case .entity(let e): if let c = e.canonical { terms.insert(TextFolding.fold(c)) }
    case .topic: break
    case .and(let parts), .or(let parts): parts.forEach { collectTerms($0, into: &terms) }
    case .not(let inner): collectTerms(inner, into: &terms)
    case .near(let n): collectTerms(n.left, into: &terms); collectTerms(n.right, into: &terms)
    case .sentence(let s): s.operands.forEach { collectTerms($0, into: &terms) }
    }
}
