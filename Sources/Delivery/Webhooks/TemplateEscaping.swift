import Foundation
import Mustache

/// What `{{name}}` does to a value, by the body's content type: feed text holds `"`, `&` and `<`
/// (AT&T, S&P 500, `std::vector<bool>`), and inserted as it is it broke an XML body and added
/// fields to a form body (trial2 finding 20). `{{{name}}}` always inserts the value as it is.
enum TemplateEscaping: String, Sendable, Hashable {
    /// `application/json`, `…+json`, `text/json`, `…/x-json`: for the inside of a JSON string.
    case json = "JSON"
    /// `…/xml`, `…+xml`: character references for `& < > " '`; characters XML 1.0 cannot hold are dropped.
    /// The sample alert's body must be well-formed XML.
    case xml = "XML"
    /// `application/x-www-form-urlencoded`: a field's name or value, percent-encoded as an HTML form does.
    case form = "FORM"
    /// `text/plain`: as it is; plain text has no markup to break.
    case plain = "TEXT"
    /// `text/html` and any other type: Mustache's own default, HTML escaping (`&amp;`, `&lt;`, `&gt;`,
    /// `&quot;`, `&#39;`), which keeps an unknown markup-like receiver's body whole.
    case html = "HTML"

    init(contentType: String) {
        let media = WebhookTemplate.mediaType(contentType)
        if media.hasSuffix("/json") || media.hasSuffix("+json") || media.hasSuffix("/x-json") {
            self = .json
        } else if media.hasSuffix("/xml") || media.hasSuffix("+xml") {
            self = .xml
        } else if media == "application/x-www-form-urlencoded" {
            self = .form
        } else if media == "text/plain" {
            self = .plain
        } else {
            self = .html
        }
    }

    /// The pragma put in front of the operator's text; registers the escapers swift-mustache lacks, once.
    var pragma: String {
        _ = Self.registered
        return "{{% CONTENT_TYPE: \(rawValue)}}"
    }

    private static let registered: Void = {
        MustacheContentTypes.register(JSONStringContent(), named: TemplateEscaping.json.rawValue)
        MustacheContentTypes.register(XMLTextContent(), named: TemplateEscaping.xml.rawValue)
        MustacheContentTypes.register(FormFieldContent(), named: TemplateEscaping.form.rawValue)
    }()
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

/// Escapes text for XML content and attribute values. A control character XML 1.0 has no place
/// for, not even as a reference, is dropped: kept, it would make the body ill-formed.
struct XMLTextContent: MustacheContentType {
    func escapeText(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for u in text.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            case _ where u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF: continue
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}

/// Escapes text as a field name or value of `application/x-www-form-urlencoded` (the WHATWG URL
/// standard's serializer): a space is `+`, every byte but `*-._`, digits and ASCII letters `%XX`.
/// A title's `&` or `=` then stays inside its field instead of starting another.
struct FormFieldContent: MustacheContentType {
    func escapeText(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for b in text.utf8 {
            switch b {
            case 0x2A, 0x2D, 0x2E, 0x5F, 0x30...0x39, 0x41...0x5A, 0x61...0x7A: out.unicodeScalars.append(Unicode.Scalar(b))
            case 0x20: out += "+"
            default: out += String(format: "%%%02X", b)
            }
        }
        return out
    }
}
