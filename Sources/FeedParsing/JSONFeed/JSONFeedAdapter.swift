import Foundation
import Markup

/// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) → `ParsedFeed`.
enum JSONFeedAdapter {
    /// nil when the JSON is not a JSON Feed.
    static func feed(from bytes: UnsafeBufferPointer<UInt8>, url: String, maxEntries: Int) -> ParseOutcome {
        if JSONValueCount.exceeds(JSONValueCount.limit, in: bytes) {
            return .notAFeed(found: "a JSON document too big to be a feed (more than \(JSONValueCount.limit) values)", feedLinks: [])
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(buffer: bytes), options: [.fragmentsAllowed])
        } catch {
            return .notAFeed(found: "a document that is neither XML nor valid JSON", feedLinks: [])
        }
        guard let root = object as? [String: Any],
              (root["version"] as? String)?.contains("jsonfeed.org/version/") == true || root["items"] is [Any] else {
            return .notAFeed(found: "a JSON document that is not a JSON Feed", feedLinks: [])
        }
        let base = (root["feed_url"] as? String).map { FeedURL.resolve($0, against: url) } ?? url
        let feedAuthors = authors(root)
        let items = (root["items"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }
        let cap = EntryCap.keep(items, limit: maxEntries) { item in
            ((item["date_published"] as? String) ?? (item["date_modified"] as? String)).flatMap(FeedDate.parse)
        }
        var feed = ParsedFeed(
            format: .json,
            title: (root["title"] as? String).flatMap { FieldText.plain($0, as: .text) },
            link: (root["home_page_url"] as? String).map { FeedURL.resolve($0, against: base) },
            subtitle: (root["description"] as? String).flatMap { FieldText.plain($0, as: .text) },
            language: root["language"] as? String,
            updated: nil,
            entries: cap.items.map { entry($0, base: base, feedAuthors: feedAuthors) })
        feed.entriesNotBuilt = items.count - feed.entries.count
        feed.entriesKept = cap.kept
        return .feed(feed)
    }

    private static func entry(_ item: [String: Any], base: String, feedAuthors: [ParsedAuthor]) -> ParsedEntry {
        let link = ((item["url"] as? String) ?? (item["external_url"] as? String)).map { FeedURL.resolve($0, against: base) }
        let title = (item["title"] as? String).flatMap { FieldText.plain($0, as: .text) }
        let published = (item["date_published"] as? String).flatMap(FeedDate.parse)
        let resolve = FeedURL.resolver(against: link ?? base)
        let summary = (item["summary"] as? String).flatMap { FieldText.plain($0, as: .text) }
        var body: BodyRendering?
        if let html = (item["content_html"] as? String).flatMap(FieldText.nonEmpty)
            ?? (item["content_text"] as? String).flatMap(FieldText.nonEmpty).map(FieldText.plainAsHTML) {
            let source = Array(html.utf8)
            let sanitised = source.withUnsafeBufferPointer { HTMLText.sanitised(utf8: $0, resolve: resolve) }
            body = BodyRendering(html: sanitised, text: DeferredText(html: source, orElse: summary))
        }
        var authors = self.authors(item)
        if authors.isEmpty { authors = feedAuthors }
        let attachments = (item["attachments"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }
        return ParsedEntry(
            id: EntryIdentity.id(explicit: idString(item["id"]), link: link, title: title, date: published),
            title: title,
            link: link,
            summary: summary,
            contentHTML: body.flatMap { FieldText.nonEmpty($0.html) } ?? summary.map(FieldText.plainAsHTML),
            published: published,
            updated: (item["date_modified"] as? String).flatMap(FeedDate.parse),
            authors: authors,
            categories: (item["tags"] as? [Any] ?? []).compactMap { ($0 as? String)?.trimmed }.filter { !$0.isEmpty }.uniqued,
            enclosures: attachments.compactMap { a in
                guard let u = a["url"] as? String, !u.isEmpty else { return nil }
                return ParsedEnclosure(url: FeedURL.resolve(u, against: base), type: a["mime_type"] as? String,
                                       length: (a["size_in_bytes"] as? NSNumber)?.intValue)
            },
            contentText: body?.text ?? DeferredText(summary))
    }

    /// 1.1's `authors`, else 1.0's `author`.
    private static func authors(_ object: [String: Any]) -> [ParsedAuthor] {
        let list = (object["authors"] as? [Any])?.compactMap { $0 as? [String: Any] }
            ?? (object["author"] as? [String: Any]).map { [$0] } ?? []
        return list.compactMap { a in
            let author = ParsedAuthor(name: (a["name"] as? String).flatMap { FieldText.plain($0, as: .text) }, email: nil,
                                      uri: a["url"] as? String)
            return author.isEmpty ? nil : author
        }
    }

    /// JSON Feed ids are strings, but some feeds write numbers.
    private static func idString(_ v: Any?) -> String? {
        if let s = v as? String { return s.trimmed }
        if let n = v as? NSNumber { return n.stringValue }
        return nil
    }
}
