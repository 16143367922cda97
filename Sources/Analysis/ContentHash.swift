import WirewatchCore

/// What tells an edited feed entry from one listed again as it was: a hash of the clean title and body
/// analysis reads, not of the entry's bytes. Markup, attribute order, tracking query strings in links,
/// entity spelling and whitespace leave the clean text (and so the hash) as it was; a corrected word or an
/// added paragraph changes it. The link, authors, categories and dates are not part of it.
public enum ContentHash {
    /// Names how the clean text is made. Bump it with any change to `CleanText` that changes the text of
    /// an unchanged entry: a stored hash of another scheme is refilled without judging the entry, so an
    /// upgrade does not take every entry its feeds still list for an edit.
    /// c2: table cells, list items and definition terms are paragraphs; links side by side with different hrefs are
    /// words apart; "TM"/"SM" and digits in `<sup>` on the text before are ™/℠ and superscript digits.
    public static let scheme = "c2"

    public static func of(_ article: Article) -> String {
        of(title: CleanText.from(html: article.title).text, body: CleanText.from(html: article.bodyHTML).text)
    }

    /// `of(article)` for the article `analysis` was made from, read back out of its text (the title up to
    /// `titleEnd`, the body from `bodyStart`) instead of cleaning the article's text a second time.
    public static func of(_ analysis: ArticleAnalysis) -> String {
        let scalars = analysis.text.unicodeScalars
        let titleEnd = scalars.index(scalars.startIndex, offsetBy: analysis.titleEnd)
        let bodyStart = scalars.index(titleEnd, offsetBy: analysis.bodyStart - analysis.titleEnd)
        return of(title: String(scalars[..<titleEnd]), body: String(scalars[bodyStart...]))
    }

    private static func of(title: String, body: String) -> String { scheme + ":" + StableHash.hex(title, body) }

    /// False for a hash made another way than `of` makes it now.
    public static func isCurrent(_ hash: String) -> Bool { hash.hasPrefix(scheme + ":") }
}

extension Article {
    /// The body analysis reads: the content, else the summary.
    public var bodyHTML: String { contentHTML.isEmpty ? summary : contentHTML }
}
