import Foundation
import WirewatchCore

/// The parts of an alert a person reads first, shared by the tail line and
/// the chat presets.
extension AlertRecord {
    /// The first piece of evidence with a span outside the title (topics have none), else
    /// the first in the title: it is read beside the title, which a title match only repeats.
    public var leadEvidence: Evidence? {
        let spans = why.filter { !$0.span.isEmpty && $0.field != "topic" }
        return spans.first { $0.field != "title" } ?? spans.first ?? why.first
    }

    /// "[HIGH] rule-id: Title"
    public var headline: String { "[\(severity.rawValue.uppercased())] \(rule): \(article.title)" }

    /// " (edit 2)" for an alert an entry's second judged edit raised, empty for its first judgement:
    /// written after the feed, in the tail line and the chat presets alike.
    public var editMark: String { revision.map { " (edit \($0))" } ?? "" }

    public var timeText: String { ISO8601DateFormatter().string(from: time) }
}

/// JSON bodies with sorted keys, so the same alert always yields the same bytes (and signature).
enum WebhookJSON {
    static func data(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }
}
