import Foundation

/// The `wirewatch parse --json` shape (docs/parse-json.md): dates as ISO 8601
/// with an offset, absent values null, text plain, entries in document order.
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

    /// "2025-01-29T08:00:00+00:00" (UTC; seconds, no fraction).
    public static func isoDate(_ d: Date) -> String {
        let t = Int(d.timeIntervalSince1970.rounded(.down))
        let days = t >= 0 ? t / 86400 : (t - 86399) / 86400
        let secs = t - days * 86400
        // Civil date from days (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let y = String(year)
        return "\(String(repeating: "0", count: max(0, 4 - y.count)))\(y)-\(two(month))-\(two(day))T\(two(secs / 3600)):\(two(secs % 3600 / 60)):\(two(secs % 60))+00:00"
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
