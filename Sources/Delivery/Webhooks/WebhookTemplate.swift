import Foundation
import Mustache
import WirewatchCore

/// A Mustache template for a service without a preset. The template is
/// compiled when the config loads, so a typo is a config error, not a
/// dead letter. `{{name}}` escapes for the content type (for a JSON string, XML,
/// a form field: TemplateEscaping); `{{{name}}}` inserts as it is.
///
/// The context is the alert (`rule`, `severity`, `article.title`, `snippet`, …)
/// plus `alerts` (a list of such contexts: the one alert, or a digest's) and `count`.
public struct WebhookTemplate: Sendable, Hashable {
    public let source: String
    public let contentType: String
    /// What `{{name}}` does to a value, by the content type (see TemplateEscaping).
    let escaping: TemplateEscaping
    /// A JSON media type: the sample alert must render JSON.
    var isJSON: Bool { escaping == .json }
    let template: MustacheTemplate
    /// The tags as written; nil when the template changes its delimiters.
    let tags: [TemplateTag]?

    public init(source: String, contentType: String = "application/json") throws(WebhookTemplateError) {
        self.source = source
        self.contentType = contentType
        escaping = TemplateEscaping(contentType: contentType)
        tags = TemplateTag.scan(source)
        // swift-mustache renders a partial or a parent it has no library for as nothing, without a word.
        if let partial = tags?.first(where: { $0.sigil == ">" || $0.sigil == "<" }) {
            throw WebhookTemplateError(line: partial.line, column: partial.column,
                                       message: "partials ({{> \(partial.body)}}) are not supported: write the template as one text, inline or in its template_file")
        }
        template = try Self.compile(source, escaping: escaping)
    }

    /// The operator's text behind the content type's pragma; errors at the operator's line and column.
    static func compile(_ source: String, escaping: TemplateEscaping) throws(WebhookTemplateError) -> MustacheTemplate {
        let prefix = escaping.pragma
        do {
            return try MustacheTemplate(string: prefix + source)
        } catch let e as MustacheTemplate.ParserError {
            let line = e.context.lineNumber
            let column = line == 1 ? max(1, e.context.columnNumber - prefix.count) : e.context.columnNumber
            throw WebhookTemplateError(line: line, column: column, message: Self.explain(e.error))
        } catch {
            throw WebhookTemplateError(line: 1, column: 1, message: "\(error)")
        }
    }

    /// `application/json; charset=utf-8` → `application/json`.
    static func mediaType(_ contentType: String) -> String {
        contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    }

    public static func == (a: Self, b: Self) -> Bool { a.source == b.source && a.contentType == b.contentType }
    public func hash(into h: inout Hasher) { h.combine(source); h.combine(contentType) }

    private static func explain(_ error: any Error) -> String {
        guard let e = error as? MustacheTemplate.Error else { return "\(error)" }
        switch e {
        case .sectionCloseNameIncorrect: return "a section is closed with another name than it was opened with"
        case .unfinishedName: return "a tag is not closed with }}"
        case .expectedSectionEnd: return "a section is opened and never closed"
        case .invalidSetDelimiter: return "a set-delimiter tag is malformed"
        case .unrecognisedConfigVariable, .invalidConfigVariableSyntax: return "unknown or malformed pragma"
        default: return "\(e)"
        }
    }

    func payload(_ alerts: [AlertRecord], digest: String?) -> WebhookPayload {
        WebhookPayload(body: Data(Self.render(template, alerts, digest: digest).utf8), contentType: contentType)
    }

    /// The body `template` (this one, or the sample check's marked copy) renders for `alerts`.
    static func render(_ template: MustacheTemplate, _ alerts: [AlertRecord], digest: String?) -> String {
        let items = alerts.map(Self.context)
        var root = items.count == 1 && digest == nil ? items[0] : [:]
        root["alerts"] = items
        root["count"] = items.count
        root["digest"] = digest ?? ""
        return template.render(root)
    }

    static func context(_ r: AlertRecord) -> [String: Any] {
        var article: [String: Any] = ["id": r.article.id, "title": r.article.title, "feed": r.article.feed.rawValue]
        if let url = r.article.url { article["url"] = url }
        if let p = r.article.published { article["published"] = ISO8601DateFormatter().string(from: p) }
        if let lang = r.article.lang { article["lang"] = lang }
        var context: [String: Any] = [
            "v": r.v, "id": r.id, "time": r.timeText, "rule": r.rule, "severity": r.severity.rawValue,
            "severity_upper": r.severity.rawValue.uppercased(), "story": r.story, "headline": r.headline,
            "article": article,
            "snippet": r.leadEvidence?.snippet ?? "", "match": r.leadEvidence?.match ?? "",
            "why": r.why.map { ["clause": $0.clause, "field": $0.field, "match": $0.match, "snippet": $0.snippet] as [String: Any] },
            "entities": r.entities.map { ["name": $0.name, "type": $0.type.rawValue, "mentions": $0.mentions] as [String: Any] },
            "topics": r.topics.map { ["id": $0.id, "score": $0.score] as [String: Any] },
        ]
        if let revision = r.revision { context["revision"] = revision }
        // Mustache has no "last item" marker, so a JSON list written as a section needs a trick (trial2
        // finding 25); these are the lists ready-made, for `{{{why_json}}}`.
        context["why_json"] = json(context["why"])
        context["entities_json"] = json(context["entities"])
        context["topics_json"] = json(context["topics"])
        return context
    }

    private static func json(_ value: Any?) -> String {
        guard let value, let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }
}

public struct WebhookTemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String
    public var description: String { "template line \(line), column \(column): \(message)" }
}
