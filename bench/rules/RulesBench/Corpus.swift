import Analysis
import FeedParsing
import Foundation
import WirewatchCore

/// A seeded generator, so every run benchmarks the same rules and articles.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func pick<T>(_ a: [T]) -> T { a[int(a.count)] }
}

/// The articles and the vocabulary they are written in: the demo feeds and
/// the seed report (a test fixture) as they are, plus generated articles whose words follow
/// a Zipf law over a vocabulary ranked by the real articles' word counts,
/// then by the system word list.
struct Corpus {
    var articles: [Article]
    /// Words by rank: most frequent first.
    var vocabulary: [String]
    var entityNames: [String]

    static func build(repository: URL, wordList: String, generated: Int, topics: [TopicDefinition], rng: inout SplitMix) throws -> Corpus {
        var real: [Article] = []
        for feed in ["Config/demo/feeds/world-desk.rss", "Config/demo/feeds/tech-desk.atom"] {
            let data = try Data(contentsOf: repository.appendingPathComponent(feed))
            guard case .feed(let f) = FeedParser.parse(data, url: feed) else { continue }
            real += f.entries.map { e in
                Article(key: e.id, feed: FeedID("demo"), url: e.link, title: e.title ?? "", summary: e.summary ?? "",
                        contentHTML: e.contentHTML ?? e.content ?? "")
            }
        }
        let seed = repository.appendingPathComponent("Tests/AnalysisTests/Fixtures/seed-openai-distillation-report.txt")
        if let text = try? String(contentsOf: seed, encoding: .utf8) {
            let lines = text.split(separator: "\n", maxSplits: 1)
            real.append(Article(key: "seed", feed: FeedID("seed"), title: String(lines.first ?? ""), contentHTML: lines.count > 1 ? String(lines[1]) : ""))
        }
        // Rank: words of the real articles by count, then the word list, shuffled.
        var counts: [String: Int] = [:]
        for a in real {
            for t in Tokenizer.tokenize(a.title + "\n\n" + a.summary + " " + a.contentHTML).tokens where t.folded.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic }) {
                counts[t.folded, default: 0] += 1
            }
        }
        var vocabulary = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        let known = Set(vocabulary)
        var listed = try String(contentsOfFile: wordList, encoding: .utf8).split(separator: "\n").map(String.init)
            .filter { w in w.count >= 3 && w.count <= 14 && w.unicodeScalars.allSatisfy { $0.value >= 97 && $0.value <= 122 } && !known.contains(w) }
        for i in stride(from: listed.count - 1, to: 0, by: -1) { listed.swapAt(i, rng.int(i + 1)) }
        vocabulary += listed

        // Organisations and people: 5,000 names beside the gazetteer's, as
        // many as a newsroom's wire meets in a few months. Mentions follow a
        // Zipf law over them (a few names are in the news every day, most
        // rarely), and an article is about one to three of them, named again
        // and again, among passing mentions of others.
        var entityNames = ["OpenAI", "DeepSeek", "Microsoft", "Nvidia", "Anthropic", "Google"]
        var seenNames = Set(entityNames)
        while entityNames.count < 5_006 {
            let w = vocabulary[1000 + rng.int(20_000)]
            let name = rng.int(2) == 0 ? w.prefix(1).uppercased() + w.dropFirst() + " Corp"
                : (vocabulary[2000 + rng.int(5000)].prefix(1).uppercased() + vocabulary[2000 + rng.int(5000)].dropFirst()) + " " + w.prefix(1).uppercased() + w.dropFirst()
            if seenNames.insert(name).inserted { entityNames.append(name) }
        }
        let popularity = Zipf(count: entityNames.count)
        // Each article is also about one or two of the taxonomy's topics: a
        // handful of that topic's terms (words of other topics still occur
        // in passing, as the vocabulary has them).
        let topicTerms = topics.map { t in t.terms.map(\.text).filter { !$0.contains("*") && $0.unicodeScalars.allSatisfy { $0.value < 128 } } }
            .filter { !$0.isEmpty }

        let zipf = Zipf(count: vocabulary.count)
        var articles = real
        for n in 0..<generated {
            let subjects = (0..<(1 + rng.int(3))).map { _ in entityNames[popularity.sample(&rng)] }
            let about = (0..<(1 + rng.int(2))).map { _ in rng.pick(topicTerms) }
            func sentence(_ words: Int, _ rng: inout SplitMix) -> String {
                var out: [String] = []
                for _ in 0..<words {
                    let u = rng.unit()
                    if u < 0.025 {
                        out.append(rng.int(5) < 3 ? rng.pick(subjects) : entityNames[popularity.sample(&rng)])
                    } else if u < 0.035 {
                        out.append(rng.pick(rng.pick(about)))
                    } else {
                        out.append(vocabulary[zipf.sample(&rng)])
                    }
                }
                return out.joined(separator: " ")
            }
            let title = sentence(6 + rng.int(6), &rng)
            var paragraphs: [String] = []
            for _ in 0..<(5 + rng.int(8)) {
                paragraphs.append("<p>" + (0..<(2 + rng.int(4))).map { _ in
                    let s = sentence(8 + rng.int(20), &rng)
                    return s.prefix(1).uppercased() + s.dropFirst() + "."
                }.joined(separator: " ") + "</p>")
            }
            articles.append(Article(key: "gen-\(n)", feed: FeedID("generated"), url: "https://bench.test/\(n)",
                                    title: title.prefix(1).uppercased() + title.dropFirst(), contentHTML: paragraphs.joined()))
        }
        return Corpus(articles: articles, vocabulary: vocabulary, entityNames: entityNames)
    }
}

/// Ranks drawn with probability ∝ 1/(rank + 2.7): Zipf–Mandelbrot, as word frequencies are.
struct Zipf {
    private let cumulative: [Double]
    init(count: Int) {
        var c: [Double] = []
        c.reserveCapacity(count)
        var total = 0.0
        for r in 0..<count { total += 1 / (Double(r) + 2.7); c.append(total) }
        cumulative = c.map { $0 / total }
    }
    func sample(_ rng: inout SplitMix) -> Int {
        let u = rng.unit()
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] < u { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
