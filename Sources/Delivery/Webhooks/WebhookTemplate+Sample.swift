import Foundation
import Markup
import WirewatchCore

/// A template that compiles can still render a body the receiver refuses: a brace left out,
/// `{{{title}}}` inside quotes (a title with a `"` in it ends the string), a list section with a
/// comma after its last item. Rendered for sample alerts when the config loads, a JSON or XML
/// template's mistake is a config error, not a dead letter at the first alert.
extension WebhookTemplate {
    /// Why a sample body is not what the content type says, and where in the template.
    public struct SampleProblem: Sendable, Hashable, CustomStringConvertible {
        /// In the template, from 1; nil when the template changes its delimiters (its tags are not read).
        public var line: Int?
        public var column: Int?
        public var message: String
        public var description: String { message }
    }

    /// The samples, simplest first: the first one that breaks the body says what is wrong.
    private enum Sample: CaseIterable {
        /// One of each list, a title with nothing to escape: a body broken here is broken for every alert.
        case plain
        /// A title, URL and snippet with `"`, `\`, `&`, `<` (and a line break): breaks what is inserted unescaped.
        case quoted
        /// Two of each list (two alerts in a digest): breaks a list section without separators, or with one after the last.
        case lists

        func alerts(digest: Bool) -> [AlertRecord] {
            switch self {
            case .plain: return [WebhookTemplate.plainAlert]
            case .quoted: return [WebhookTemplate.sampleAlert]
            case .lists: return digest ? WebhookTemplate.listAlerts : [WebhookTemplate.listAlerts[0]]
            }
        }

        func alert(digest: Bool) -> String {
            switch self {
            case .plain: return ""
            case .quoted: return #" for an alert whose title and URL have ", \, & and < in them"#
            case .lists: return digest ? " for a digest of two alerts, each with two why, entities and topics"
                : " for an alert with two why, entities and topics"
            }
        }
    }

    static let sampleDigestKey = "digest-SAMPLE0000000000000000000"

    /// Why the body rendered for the sample alerts is not JSON (a JSON content type) or not
    /// well-formed XML (an XML one); nil when it is, or when the type has no syntax checked.
    /// `digest`: the sink sends digests, whose top level is `alerts`, `count` and `digest`.
    public func sampleProblem(digest: Bool = false) -> SampleProblem? {
        guard escaping == .json || escaping == .xml else { return nil }
        let key = digest ? Self.sampleDigestKey : nil
        for sample in Sample.allCases {
            let body = Array(Self.render(template, sample.alerts(digest: digest), digest: key).utf8)
            guard let problem = firstError(body) else { continue }
            let what = escaping == .json ? "JSON" : "well-formed XML"
            var message = "the template does not render \(what)\(sample.alert(digest: digest)) (content_type \(Self.mediaType(contentType))): "
                + "\(problem.reason); it rendered: \(Self.excerpt(body, around: problem.offset))"
            if problem.separators {
                message += "; a list from a section needs a ',' between items and none after the last: "
                    + "{{{why_json}}}, {{{entities_json}}} and {{{topics_json}}} are the lists as JSON"
            }
            let place = position(sample.alerts(digest: digest), digest: key)
            return SampleProblem(line: place?.line, column: place?.column, message: message)
        }
        return nil
    }

    /// Where in `body` (a UTF-8 offset) it stops being what the content type says, and why.
    private func firstError(_ body: [UInt8]) -> JSONSyntax.Problem? {
        if escaping == .json { return JSONSyntax.problem(body) }
        guard let issue = XMLWellFormedness.firstError(body) else { return nil }
        // libxml2 counts lines from 1 and, on a line, characters from 1 (up to just after the one it stopped at).
        var offset = 0, line = 1
        while line < issue.line, offset < body.count {
            if body[offset] == 0x0A { line += 1 }
            offset += 1
        }
        var column = 1
        while column < issue.column - 1, offset < body.count, body[offset] != 0x0A {
            offset += 1
            while offset < body.count, body[offset] & 0xC0 == 0x80 { offset += 1 }
            column += 1
        }
        return JSONSyntax.Problem(offset: offset, reason: issue.message)
    }

    /// The body on one line, cut to about 160 characters around `offset`.
    private static func excerpt(_ body: [UInt8], around offset: Int) -> String {
        let text = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        guard text.count > 160 else { return text }
        let at = String(decoding: body[..<min(offset, body.count)], as: UTF8.self).count
        let start = max(0, min(at - 100, text.count - 160))
        let from = text.index(text.startIndex, offsetBy: start), to = text.index(from, offsetBy: 160)
        return (start > 0 ? "…" : "") + String(text[from..<to]) + (to < text.endIndex ? "…" : "")
    }

    /// Where in the template the body for `alerts` stops being what the content type says. Every tag
    /// is rendered between two private-use characters naming it, so each character of the body is
    /// known to come from a tag's value or from the template's text after a tag.
    private func position(_ alerts: [AlertRecord], digest: String?) -> (line: Int, column: Int)? {
        guard let tags else { return nil }
        let source = Array(source.utf8)
        var marked = "", from = 0
        for (k, tag) in tags.enumerated() where tag.sigil != "%" {
            marked += String(decoding: source[from..<tag.bytes.lowerBound], as: UTF8.self)
            marked.unicodeScalars.append(Self.marker(k, end: false))
            marked += String(decoding: source[tag.bytes], as: UTF8.self)
            marked.unicodeScalars.append(Self.marker(k, end: true))
            from = tag.bytes.upperBound
        }
        marked += String(decoding: source[from...], as: UTF8.self)
        guard let compiled = try? Self.compile(marked, escaping: escaping) else { return nil }
        // The body without the markers, and for each of its bytes the template byte it came from.
        var body: [UInt8] = [], origin: [Int] = []
        var tag: Int? = nil, inside = false, since = 0
        /// The template byte the body's next byte comes from.
        func here() -> Int {
            switch (tag, inside) {
            case (nil, _): return body.count
            case (let k?, true): return tags[k].bytes.lowerBound
            case (let k?, false): return tags[k].bytes.upperBound + since
            }
        }
        for scalar in Self.render(compiled, alerts, digest: digest).unicodeScalars {
            if scalar.value >= Self.markerBase, scalar.value < Self.markerBase + 2 * UInt32(tags.count) {
                let n = Int(scalar.value - Self.markerBase)
                tag = n / 2; inside = n % 2 == 0; since = 0
                continue
            }
            for byte in String(scalar).utf8 {
                origin.append(here())
                body.append(byte)
                since += 1
            }
        }
        guard let offset = firstError(body)?.offset else { return nil }
        let at = offset < origin.count ? origin[offset] : here()
        return Self.lineColumn(self.source, at: min(at, source.count))
    }

    private static let markerBase: UInt32 = 0xF0000
    private static func marker(_ k: Int, end: Bool) -> Unicode.Scalar {
        Unicode.Scalar(markerBase + UInt32(2 * k + (end ? 1 : 0)))!
    }

    /// The line and column (in characters, from 1) of a UTF-8 offset in `text`.
    static func lineColumn(_ text: String, at offset: Int) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for byte in text.utf8.prefix(offset) {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }

    private static let sampleTime = Date(timeIntervalSince1970: 1_800_000_000)

    /// Nothing in it that needs escaping.
    static let plainAlert = AlertRecord(
        id: "01SAMPLEALERT0000000000000", time: sampleTime, rule: "sample-rule", severity: .high,
        article: .init(id: "sample", url: "https://news.example/a/1", title: "A plain title",
                       feed: FeedID("sample-feed"), published: sampleTime, lang: "en"),
        story: "0123456789abcdef",
        why: [.init(clause: "entity:DeepSeek", field: "text", span: [0, 8], match: "DeepSeek", snippet: "DeepSeek said")],
        entities: [.init(name: "DeepSeek", type: .org, mentions: 2)], topics: [.init(id: "ai-models", score: 0.5)])

    /// Every field set, with the characters that break a hand-written JSON or XML body.
    static let sampleAlert: AlertRecord = {
        var alert = plainAlert
        alert.article.title = #"A "quoted" title \ with a backslash & an <angle>"#
        // A feed's link is as much the feed's as its title: `"{{{article.url}}}"` broke the JSON of an alert whose
        // link held a quote, and the check passed it (exploratory finding).
        alert.article.url = #"https://news.example/a?b="1"&c=\<2>"#
        alert.why = [.init(clause: "entity:DeepSeek", field: "text", span: [0, 8], match: "DeepSeek", snippet: "…\"DeepSeek\" & <co>\nsaid…")]
        return alert
    }()

    /// Two of each list, and a second alert for a digest.
    static let listAlerts: [AlertRecord] = {
        var first = plainAlert
        first.why.append(.init(clause: "entity:OpenAI", field: "title", span: [10, 16], match: "OpenAI", snippet: "OpenAI says"))
        first.entities.append(.init(name: "OpenAI", type: .org, mentions: 1))
        first.topics.append(.init(id: "chips", score: 0.25))
        var second = first
        second.id = "01SAMPLEALERT0000000000001"
        second.article.id = "sample-2"
        second.article.title = "A second plain title"
        return [first, second]
    }()
}
