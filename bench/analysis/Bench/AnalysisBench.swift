import Analysis
import Foundation

/// Runs the full analysis over a file of articles and prints one JSON line:
/// articles, tokens, CPU seconds of the analysing thread, and resident memory
/// after loading the data (before reading the articles) and at the end.
/// In `tokenize` mode it times the tokeniser alone (words and sentences) on the
/// analysis texts. With ROUNDS it reports the best of that many passes (CPU time, and
/// that pass's wall time),
/// so that a noisy shared machine shows the code's speed, not its neighbours'.
/// In `stories` mode it measures what the body fingerprint joins, and its cost (StoryJoins.swift).
/// Usage: AnalysisBench DATA_DIR ARTICLES.jsonl [plain|html|tokenize|stories] [ROUNDS]
@main
struct AnalysisBench {
    static func main() throws {
        let args = CommandLine.arguments
        guard args.count >= 3 else {
            FileHandle.standardError.write(Data("usage: AnalysisBench DATA_DIR ARTICLES.jsonl [plain|html|tokenize|stories] [ROUNDS]\n".utf8))
            exit(2)
        }
        let html = args.count > 3 && args[3] == "html"
        let tokenizeOnly = args.count > 3 && args[3] == "tokenize"
        let rounds = args.count > 4 ? max(1, Int(args[4]) ?? 1) : 1
        let rssBefore = residentMB()
        let loadStart = cpuSeconds()
        let analyzer = Analyzer(knowledge: try KnowledgeBase.load(dataDirectory: args[1]))
        // Touch the lazily built tables (language profiles, folding) so that loading is complete.
        _ = analyzer.analyze(title: "Warm-up", html: "The Commerce Department said on Monday that Nvidia would comply.")
        let loadSeconds = cpuSeconds() - loadStart
        let rssAfterLoad = residentMB()

        let lines = try String(contentsOfFile: args[2], encoding: .utf8).split(separator: "\n")
        if args.count > 3 && args[3] == "stories" {
            StoryJoins.run(analyzer, lines: lines, rounds: rounds)
            return
        }
        let articles: [(title: String, body: String)] = lines.map { line in
            let o = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let text = o["text"] as! String
            let body = html ? text.components(separatedBy: "\n\n").map { "<p>\($0)</p>" }.joined(separator: "\n") : text
            return (o["title"] as? String ?? "", body)
        }
        if tokenizeOnly {
            // The texts the analysis tokenises: cleaned title, a blank line, cleaned body.
            let texts = articles.map { analyzer.analyze(title: $0.title, html: $0.body).text }
            var tokens = 0, sentences = 0, best = Double.infinity
            for _ in 0..<rounds {
                tokens = 0; sentences = 0
                let start = cpuSeconds()
                for t in texts {
                    let r = Tokenizer.tokenize(t)
                    tokens += r.tokens.count
                    sentences += r.sentences.count
                }
                best = min(best, cpuSeconds() - start)
            }
            let out: [String: Any] = [
                "system": "wirewatch, tokenising only", "articles": texts.count, "tokens": tokens, "sentences": sentences, "cpu_seconds": best,
                "ns_per_token": best * 1e9 / Double(max(tokens, 1)), "rounds": rounds, "tokenize_only": true,
                "rss_mb_after_load": rssAfterLoad, "rss_mb_peak": peakMB(),
            ]
            print(String(decoding: try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys]), as: UTF8.self))
            return
        }
        var tokens = 0, entities = 0, topics = 0
        // Both times are the best pass's (the one with the least CPU time), so
        // that wall_seconds and cpu_seconds describe the same pass.
        var seconds = Double.infinity, wall = Double.infinity
        for _ in 0..<rounds {
            tokens = 0; entities = 0; topics = 0
            let start = cpuSeconds(), wallStart = Date()
            for a in articles {
                let r = analyzer.analyze(title: a.title, html: a.body)
                tokens += r.tokens.count
                entities += r.entities.count
                topics += r.topics.count
            }
            let passSeconds = cpuSeconds() - start
            if passSeconds < seconds { (seconds, wall) = (passSeconds, Date().timeIntervalSince(wallStart)) }
        }
        let out: [String: Any] = [
            "system": html ? "wirewatch (HTML input)" : "wirewatch", "articles": articles.count, "tokens": tokens,
            "entities": entities, "topics": topics, "cpu_seconds": seconds, "wall_seconds": wall, "load_seconds": loadSeconds,
            "rss_mb_before_load": rssBefore, "rss_mb_after_load": rssAfterLoad, "rss_mb_peak": peakMB(), "rounds": rounds,
        ]
        print(String(decoding: try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys]), as: UTF8.self))
    }

    static func cpuSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func status(_ field: String) -> Double {
        let s = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        for line in s.split(separator: "\n") where line.hasPrefix(field + ":") {
            let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kb / 1024
        }
        return 0
    }

    static func residentMB() -> Double { status("VmRSS") }
    static func peakMB() -> Double { status("VmHWM") }
}
