import FeedParsing
import WirewatchCore

extension Article {
    /// The parser's entry as the pipeline's article.
    public init(_ entry: ParsedEntry, feed: FeedID, language: String?) {
        self.init(key: entry.id, feed: feed, url: entry.link, title: entry.title ?? "",
                  summary: entry.summary ?? "", contentHTML: entry.contentHTML ?? entry.content ?? "",
                  authors: entry.authors.compactMap { $0.name ?? $0.email }, categories: entry.categories,
                  published: entry.published, updated: entry.updated, languageHint: language)
    }
}
