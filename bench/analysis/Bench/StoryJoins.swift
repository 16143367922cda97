import Analysis
import Foundation

/// `AnalysisBench DATA_DIR ARTICLES.jsonl stories [ROUNDS]`: what the body fingerprint joins on a
/// corpus, and what it costs. Each article is copied as another outlet would run it: under another
/// headline (the next article's), and also without its first or its last paragraph. A copy "joins"
/// when its fingerprint is within the registry's 3 bits of the original's: the full one (what joined
/// before), or the body one (what joins now, unless the registry takes the body for boilerplate).
/// Pairs of different articles within 3 bits are false joins. The cost is CPU time per article of
/// the full fingerprint alone and of both fingerprints over the same tokens, best of ROUNDS.
/// Articles are JSON lines {"title", "html"} (paragraphs as <p>) or {"title", "text"} (paragraphs
/// apart by a blank line).
enum StoryJoins {
    static func run(_ analyzer: Analyzer, lines: [Substring], rounds: Int) {
        let articles: [(title: String, paragraphs: [String])] = lines.map { line in
            let o = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let title = o["title"] as? String ?? ""
            if let html = o["html"] as? String {
                return (title, html.components(separatedBy: "</p>").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { $0 + "</p>" })
            }
            return (title, (o["text"] as! String).components(separatedBy: "\n\n").map { "<p>\($0)</p>" })
        }
        let n = articles.count
        let originals = articles.map { analyzer.analyze(title: $0.title, html: $0.paragraphs.joined()) }
        func joins(_ variant: (Int) -> [String]) -> (full: Int, body: Int, either: Int) {
            var full = 0, body = 0, either = 0
            for i in 0..<n {
                let copy = analyzer.analyze(title: articles[(i + 1) % n].title, html: variant(i).joined())
                let f = StoryFingerprint.sameStory(copy.fingerprint, originals[i].fingerprint)
                let b = copy.bodyFingerprint.flatMap { c in originals[i].bodyFingerprint.map { StoryFingerprint.sameStory(c, $0) } } ?? false
                full += f ? 1 : 0; body += b ? 1 : 0; either += f || b ? 1 : 0
            }
            return (full, body, either)
        }
        let withBody = originals.filter { $0.bodyFingerprint != nil }.count
        print("\(n) articles, \(withBody) with a body of \(StoryFingerprint.bodyFloor) words or more")
        print("copy under another headline        joined before (full)   by body   joined now")
        for (name, variant) in [("same body", { (i: Int) in articles[i].paragraphs }),
                                ("first paragraph cut", { (i: Int) in Array(articles[i].paragraphs.dropFirst()) }),
                                ("last paragraph cut", { (i: Int) in Array(articles[i].paragraphs.dropLast()) })] {
            let j = joins(variant)
            print("  \(name.padding(toLength: 32, withPad: " ", startingAt: 0)) \(String(format: "%20ld %9ld %12ld", j.full, j.body, j.either))")
        }
        var fullPairs = 0, bodyPairs = 0
        for i in 0..<n {
            for j in (i + 1)..<n {
                if StoryFingerprint.sameStory(originals[i].fingerprint, originals[j].fingerprint) { fullPairs += 1 }
                if let a = originals[i].bodyFingerprint, let b = originals[j].bodyFingerprint, StoryFingerprint.sameStory(a, b) { bodyPairs += 1 }
            }
        }
        print("different articles within 3 bits (false joins), of \(n * (n - 1) / 2) pairs: full \(fullPairs), body \(bodyPairs)")

        // Cost: the full fingerprint alone (before) and both (now), over the analysis's own tokens.
        let tokens = originals.map(\.tokens), starts = originals.map(\.bodyStart)
        var full = Double.infinity, both = Double.infinity
        var sink: UInt64 = 0
        for _ in 0..<rounds {
            var start = AnalysisBench.cpuSeconds()
            for t in tokens { sink ^= StoryFingerprint.simhash(t) }
            full = min(full, AnalysisBench.cpuSeconds() - start)
            start = AnalysisBench.cpuSeconds()
            for (t, s) in zip(tokens, starts) {
                let f = StoryFingerprint.fingerprints(t, bodyStart: s)
                sink ^= f.full ^ (f.body ?? 0)
            }
            both = min(both, AnalysisBench.cpuSeconds() - start)
        }
        let words = tokens.map(\.count).reduce(0, +) / max(n, 1)
        print(String(format: "cost per article (%d words, best of %d): full fingerprint %.2f µs, full and body %.2f µs (%.2f×)",
                     words, rounds, full * 1e6 / Double(n), both * 1e6 / Double(n), both / full))
        if sink == 42 { print("") }  // keeps the fingerprints from being optimised away
    }
}
