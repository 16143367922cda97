import FeedParsing
import Foundation
import Testing
@testable import Daemon

/// A secret feed URL's token and login are taken out of the URLs a document gives its entries, wherever the
/// document's own base put them back (review of configmend, 1).
@Suite struct SecretFeedURLTests {
    static let secret = "https://members.example/feed.json?token=SEKRIT1"

    @Test func aJSONFeedEchoingItsTokenedURLAsItsBaseGivesNoTokenToItsLinks() throws {
        let json = """
            {"version": "https://jsonfeed.org/version/1.1", "title": "Members", "feed_url": "\(Self.secret)",
             "items": [{"id": "m1", "url": "#v1", "content_html": "<p>DeepSeek <a href=\\"#fn1\\">1</a></p>"},
                       {"id": "\(Self.secret)#m2", "url": "?page=2", "content_text": "Export controls",
                        "attachments": [{"url": "#audio", "mime_type": "audio/mpeg"}]}]}
            """
        // Parsed as FeedPoll parses a secret feed: against the URL without its query.
        guard case .feed(let parsed) = FeedParser.parse(Data(json.utf8), url: ConfigLoader.withoutLoginAndQuery(Self.secret)) else {
            Issue.record("not a feed"); return
        }
        #expect(parsed.entries.first?.link == Self.secret + "#v1", "the document's own base put the token back")
        let feed = SecretFeedURL([Self.secret]).scrub(parsed)
        #expect(feed.entries.map(\.link) == ["https://members.example/feed.json#v1", "https://members.example/feed.json?page=2"])
        #expect(feed.entries[1].id == "https://members.example/feed.json#m2")
        #expect(feed.entries[1].enclosures.map(\.url) == ["https://members.example/feed.json#audio"])
        #expect(parsed.entries[0].contentHTML?.contains("SEKRIT1") == true, "the content's link resolved against the echoed base")
        #expect(feed.entries[0].contentHTML?.contains("SEKRIT1") == false, "\(feed.entries[0].contentHTML ?? "")")
    }

    /// The base a document is parsed against is where it was answered from, without login, query or fragment,
    /// even when that is no URL `URLComponents` reads (a space in it).
    @Test func theParseBaseIsTheAnsweredURLWithoutLoginOrQuery() {
        let secret = SecretFeedURL(requested: "https://members.example/feed.xml?token=T1234567",
                                   answered: "https://reader:pw@cdn.members.example/f eed.xml?token=T7654321&lang=en#top")
        #expect(secret.parseBase == "https://cdn.members.example/f eed.xml")
        #expect(secret.scrub("https://cdn.members.example/a?token=T7654321") == "https://cdn.members.example/a")
        #expect(secret.scrub("https://members.example/a?token=T1234567") == "https://members.example/a")
    }

    @Test func theSecretsCredentialItemsAndLoginGoFromEveryURLOfItsHost() {
        let scrub = SecretFeedURL(["https://reader:pw@members.example/feed.xml?token=T1234567&lang=en"])
        // The credential item goes; the feed's other items, and the entry's own, stay.
        #expect(scrub.scrub("https://members.example/feed.xml?token=T1234567&lang=en&page=3#x") == "https://members.example/feed.xml?lang=en&page=3#x")
        // Any path, scheme or port of the host: a server echoes http:// behind a TLS proxy, its port, its root.
        #expect(scrub.scrub("https://reader:pw@members.example/item/1?token=T1234567") == "https://members.example/item/1")
        #expect(scrub.scrub("http://Members.Example:443/?token=T1234567#v1") == "http://Members.Example:443/#v1")
        #expect(scrub.scrub("https://members.example/item/2?token=another") == "https://members.example/item/2?token=another")
        #expect(scrub.scrub("https://news.example/feed.xml?token=T1234567") == "https://news.example/feed.xml?token=T1234567")
        #expect(scrub.scrub("not a url at all: %%") == "not a url at all: %%")
        // Links in an entry's content resolved against an echoed base (review of this session, 2).
        #expect(scrub.redact("<a href=\"http://members.example/feed.xml?token=T1234567#fn1\">1</a>")
            == "<a href=\"http://members.example/feed.xml?token=[redacted]#fn1\">1</a>")
    }

    /// The authority ends at '?' or '#' too: ended at '/' only, an '@' in a pathless URL's query was taken for the
    /// login's end and the token after it shown in a refusal (review of configmend, 3).
    @Test func aPathlessURLWithAnAtInItsQueryIsShownWithoutItsQuery() {
        #expect(ConfigLoader.withoutLoginAndQuery("https://news.example?email=me@mail.example&token=SEKRIT77") == "https://news.example")
        #expect(ConfigLoader.withoutLoginAndQuery("https://u:p@news.example#a@b") == "https://news.example")
        #expect(ConfigLoader.withoutLoginAndQuery("https://u:p@news.example/feed?x=1") == "https://news.example/feed")
    }
}
