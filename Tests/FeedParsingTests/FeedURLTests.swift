@testable import FeedParsing
import Foundation
import Testing

/// Root-relative links are joined by hand (`FeedURL.joined`); Foundation is the oracle.
@Suite struct FeedURLTests {
    static let bases = [
        "https://example.com/feed.xml", "https://example.com", "http://Example.COM:8080/a/b/c?x=1#f", "file:///work/corpus/001.xml",
        "https://news.example.com/", "https://example.com/dir/", "http://例え.jp/feed", "https://user@example.com/feed",
        "https://example.com/a%20b/feed", "https://example.com:/feed", "http://:80/feed", "urn:feed", "https:/example.com/feed",
        "https://example.com/feed?q=a b", "https://[::1]:8080/feed",
    ]
    static let links = [
        "/story/42", "/story/42?a=1&b=2", "/p?a=1&b=2#top", "/", "/a/b/c.html", "/a/./b", "/a/../b", "/.hidden", "/a/.", "/a/..",
        "//cdn.example.com/x.png", "/a b", "/caf%C3%A9", "/bad%zz", "/100%", "/é", "/a#b#c", "/a?b?c", "/x:y@z!$&'()*+,;=~",
        "/a|b", "/{x}", "/a\\b", "/a?q=^", "/a#", "/a?", "relative/path", "?q=1", "#frag", "",
    ]

    @Test func rootRelativeLinksJoinAsFoundationResolvesThem() {
        for base in Self.bases {
            for link in Self.links {
                let expected = URL(string: base).flatMap { URL(string: link, relativeTo: $0) }?.absoluteString ?? link
                #expect(FeedURL.resolve(link, against: base) == expected, "\(link) against \(base)")
                #expect(FeedURL.resolver(against: base)?(link) == expected, "\(link) against \(base)")
            }
        }
    }

    @Test func plainRootRelativeLinksTakeTheShortPath() {
        #expect(FeedURL.origin(of: "https://news.example.com/feed.xml") == "https://news.example.com")
        #expect(FeedURL.origin(of: "file:///work/corpus/001.xml") == "file://")
        #expect(FeedURL.joined("/story/42?a=1&b=2", to: "https://news.example.com") == "https://news.example.com/story/42?a=1&b=2")
        #expect(FeedURL.joined("/a/../b", to: "https://news.example.com") == nil)
    }
}
