import Foundation

/// The analysis as JSON objects, for `wirewatch analyze --json` and `--batch`.
extension ArticleAnalysis {
    /// Everything, with offsets in `text`'s scalars.
    public func jsonObject() -> [String: Any] {
        var object: [String: Any] = [
            "text": text,
            "title_end": titleEnd,
            "body_start": bodyStart,
            "lang": language as Any,
            "fingerprint": story,
            "repaired_mojibake": repairedMojibake,
            "tokens": tokens.count,
            "sentences": sentences.count,
            "entities": entities.map { e in
                ["canonical": e.canonical, "type": e.type.rawValue,
                 "mentions": e.mentions.map { ["text": $0.text, "start": $0.start, "end": $0.end] as [String: Any] }] as [String: Any]
            },
            "topics": topics.map { ["id": $0.id, "score": $0.score, "evidence": $0.evidence] as [String: Any] },
        ]
        // Absent, not null, for a body under the floor: a reader of older output sees no change.
        if let bodyStory { object["body_fingerprint"] = bodyStory }
        return object
    }

    /// One line of `--batch` output: every mention as its own entity record,
    /// offsets in the scalars of the text the caller gave (through `source`),
    /// topics scoring at least `minScore`.
    public func batchRecord(id: Any, source: MappedText, given: [Unicode.Scalar], minScore: Double = 0.1) -> [String: Any] {
        var mentions: [[String: Any]] = []
        for e in entities {
            for m in e.mentions {
                let r = source.sourceRange(start: m.start, end: m.end)
                mentions.append(["text": String(String.UnicodeScalarView(given[r])), "type": e.type.rawValue,
                                 "start": r.lowerBound, "end": r.upperBound, "canonical": e.canonical])
            }
        }
        mentions.sort { ($0["start"] as! Int) < ($1["start"] as! Int) }
        var record: [String: Any] = [
            "id": id,
            "lang": language as Any,
            "fingerprint": story,
            "entities": mentions,
            "topics": topics.filter { $0.score >= minScore }.map { ["id": $0.id, "score": $0.score] as [String: Any] },
        ]
        if let bodyStory { record["body_fingerprint"] = bodyStory }
        return record
    }
}
