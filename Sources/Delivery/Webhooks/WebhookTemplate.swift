import Foundation
import Mustache
import WirewatchCore

/// A Mustache template for a service without a preset. The template is
/// compiled when the config loads, so a typo is a config error, not a
/// dead letter. With a JSON content type, `{{name}}` escapes for a JSON string
/// (write `"title": "{{article.title}}"`); `{{{name}}}` inserts as it is.
///
/// The context is the alert (`rule`, `severity`, `article.title`, `snippet`, …)
/// plus `alerts` (a list of such contexts: the one alert, or a digest's) and `count`.
public struct WebhookTemplate: Sendable, Hashable {
    public let source: String
    public let contentType: String
    /// A JSON media type (`application/json`, a `+json` type, or a legacy one such as
    /// `text/json`): `{{name}}` escapes for JSON, and the sample alert must render JSON.
    let isJSON: Bool
    private let template: MustacheTemplate
    /// Characters put in front of the operator's text (the content-type pragma), for error columns.
    private static let jsonPragma = "{{% CONTENT_TYPE: JSON}}"

    public init(source: String, contentType: String = "application/json") throws(WebhookTemplateError) {
        _ = Self.registerJSON
        self.source = source
        self.contentType = contentType
        let media = Self.mediaType(contentType)
        isJSON = media.hasSuffix("/json") || media.hasSuffix("+json") || media.hasSuffix("/x-json")
        let prefix = isJSON ? Self.jsonPragma : (contentType.lowercased().hasPrefix("text/html") ? "" : "{{% CONTENT_TYPE: TEXT}}")
        do {
            template = try MustacheTemplate(string: prefix + source)
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
        let items = alerts.map(Self.context)
        var root = items.count == 1 && digest == nil ? items[0] : [:]
        root["alerts"] = items
        root["count"] = items.count
        root["digest"] = digest ?? ""
        return WebhookPayload(body: Data(template.render(root).utf8), contentType: contentType)
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
        return context
    }

    /// swift-mustache knows TEXT and HTML; JSON string escaping is registered once.
    private static let registerJSON: Void = MustacheContentTypes.register(JSONStringContent(), named: "JSON")
}

public struct WebhookTemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String
    public var description: String { "template line \(line), column \(column): \(message)" }
}

/// Escapes text for the inside of a JSON string.
struct JSONStringContent: MustacheContentType {
    func escapeText(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for u in text.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
