import Analysis
import Foundation
import WirewatchCore

/// One article as the matcher sees it: the analysis plus the metadata fields.
public struct MatchInput: Sendable {
    public var analysis: ArticleAnalysis
    public var url: String?
    public var authors: [String]
    public var categories: [String]
    public var feed: FeedID

    public init(analysis: ArticleAnalysis, article: Article) {
        self.analysis = analysis
        url = article.url
        authors = article.authors
        categories = article.categories
        feed = article.feed
    }

    /// The host of the article's URL, for `source:`.
    var host: String? { url.flatMap { URL(string: $0)?.host } }
}
