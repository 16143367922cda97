import Foundation
import WirewatchCore

/// A template that compiles can still render a body the receiver refuses: a brace
/// left out, `{{{title}}}` inside quotes (a title with a `"` in it ends the string),
/// a number with nothing in it. Rendered once for a sample alert when the config
/// loads, a JSON template's mistake is a config error, not a dead letter at the first alert.
extension WebhookTemplate {
    /// Why the body rendered for a sample alert is not JSON when the content type says it is; nil when it is (or need not be).
    public func sampleProblem() -> String? {
        guard isJSON else { return nil }
        let body = payload([Self.sampleAlert], digest: nil).body
        do {
            _ = try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
            return nil
        } catch {
            var rendered = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
            if rendered.count > 160 { rendered = String(rendered.prefix(160)) + "…" }
            return "the template does not render JSON for an alert whose title has a \" in it (content_type \(Self.mediaType(contentType))); "
                + "it rendered: \(rendered)"
        }
    }

    /// Every field set, with the characters that break a hand-written JSON body.
    static let sampleAlert = AlertRecord(
        id: "01SAMPLEALERT0000000000000", time: Date(timeIntervalSince1970: 1_800_000_000), rule: "sample-rule", severity: .high,
        article: .init(id: "sample", url: "https://news.example/a?b=1&c=2", title: #"A "quoted" title \ with a backslash"#,
                       feed: FeedID("sample-feed"), published: Date(timeIntervalSince1970: 1_800_000_000), lang: "en"),
        story: "0123456789abcdef",
        why: [.init(clause: "entity:DeepSeek", field: "text", span: [0, 8], match: "DeepSeek", snippet: "…\"DeepSeek\"\nsaid…")],
        entities: [.init(name: "DeepSeek", type: .org, mentions: 2)], topics: [.init(id: "ai-models", score: 0.5)])
}
