import Foundation

/// The `wirewatch parse --json` shape (docs/parse-json.md): dates as ISO 8601
/// with an offset, absent values null, entries in document order.
extension ParsedFeed {
    public var jsonObject: [String: Any] {
        [
            "format": format.rawValue,
            "title": title.orNull, "link": link.orNull, "subtitle": subtitle.orNull, "language": language.orNull,
            "updated": updated.map(Self.isoDate).orNull,
            "entries": entries.map(\.jsonObject),
        ]
    }

    public func jsonData() throws -> Data {
        try JSONSerialization.data(withJSONObject: jsonObject, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    static func isoDate(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: d).replacingOccurrences(of: "Z", with: "+00:00")
    }
}

extension ParsedEntry {
    public var jsonObject: [String: Any] {
        [
            "id": id, "title": title.orNull, "link": link.orNull, "summary": summary.orNull, "content": content.orNull,
            "published": published.map(ParsedFeed.isoDate).orNull, "updated": updated.map(ParsedFeed.isoDate).orNull,
            "authors": authors.map { ["name": $0.name.orNull, "email": $0.email.orNull, "uri": $0.uri.orNull] },
            "categories": categories,
            "enclosures": enclosures.map { ["url": $0.url, "type": $0.type.orNull, "length": $0.length.orNull] },
        ]
    }
}

extension Optional {
    /// The value, or JSON null.
    var orNull: Any { self.map { $0 as Any } ?? NSNull() }
}
