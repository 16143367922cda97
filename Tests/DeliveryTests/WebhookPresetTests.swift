import Delivery
import Fetching
import Foundation
import Testing
import TestSupport
import WirewatchCore

/// Each preset's message, as a real receiver gets it.
@Suite struct WebhookPresetTests {
    let record = OutboxFixture.record("PRESET1", severity: .high, title: "Chips & \"export\" <controls>\nwiden")

    func received(_ format: WebhookFormat, path: String = "/hook",
                  record: AlertRecord? = nil) async throws -> (LoopbackHTTPServer.Request, [String: Any]) {
        let receiver = WebhookReceiver()
        let server = try await receiver.start()
        defer { Task { await server.shutdown() } }
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        let sink = WebhookSink(id: "hook", options: .init(url: .value(server.baseURL + path), format: format), fetcher: fetcher)
        #expect(await sink.deliver(record ?? self.record) == .delivered)
        let request = try #require(receiver.requests.first)
        let json = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any], "\(String(decoding: request.body, as: UTF8.self))")
        return (request, json)
    }

    @Test func slack() async throws {
        let (_, json) = try await received(.preset(.slack))
        #expect(json["text"] as? String == "[HIGH] deepseek-distillation: Chips &amp; \"export\" &lt;controls&gt;\nwiden")
        let blocks = try #require(json["blocks"] as? [[String: Any]])
        let text = try #require((blocks.first?["text"] as? [String: Any])?["text"] as? String)
        #expect(text.contains("*[HIGH] deepseek-distillation*"))
        #expect(text.contains("<https://news.example/PRESET1|Chips &amp; \"export\" &lt;controls&gt;\nwiden>"))
        #expect(text.contains(">OpenAI says DeepSeek used knowledge distillation"))
    }

    @Test func discord() async throws {
        let (_, json) = try await received(.preset(.discord))
        let embed = try #require((json["embeds"] as? [[String: Any]])?.first)
        #expect(embed["title"] as? String == record.article.title)
        #expect(embed["url"] as? String == record.article.url)
        #expect(embed["color"] as? Int == 0xE01E1E)
        #expect(((json["allowed_mentions"] as? [String: Any])?["parse"] as? [Any])?.isEmpty == true)
    }

    @Test func teams() async throws {
        let (_, json) = try await received(.preset(.teams))
        #expect(json["type"] as? String == "message")
        let attachment = try #require((json["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["contentType"] as? String == "application/vnd.microsoft.card.adaptive")
        let card = try #require(attachment["content"] as? [String: Any])
        #expect(card["type"] as? String == "AdaptiveCard")
        #expect(((card["body"] as? [[String: Any]])?.first?["text"]) as? String == record.headline)
        #expect(((card["actions"] as? [[String: Any]])?.first?["url"]) as? String == record.article.url)
    }

    /// An article URL that holds what a link's markup reads (`>`, `|`, `<!channel>`), quotes and spaces reaches each
    /// service percent-encoded, as a URL that parses: in Slack's `<url|text>` a raw one ended the link and pinged
    /// the channel (exploratory finding). What is already percent-encoded is left alone.
    @Test func anArticleURLIsALinkThatParsesInEveryPreset() async throws {
        var hostile = record
        hostile.article.url = "https://news.example/a?x=<!channel>&p=a|b&q=>z \"q\"&r=%7E&s=Zürich"
        let encoded = "https://news.example/a?x=%3C!channel%3E&p=a%7Cb&q=%3Ez%20%22q%22&r=%7E&s=Z%C3%BCrich"
        let slack = try await received(.preset(.slack), record: hostile).1
        let text = try #require(((slack["blocks"] as? [[String: Any]])?.first?["text"] as? [String: Any])?["text"] as? String)
        #expect(text.contains("<" + encoded.replacingOccurrences(of: "&", with: "&amp;") + "|Chips &amp;"), "\(text)")
        #expect(!text.contains("<!channel>"))
        let discord = try await received(.preset(.discord), record: hostile).1
        #expect((discord["embeds"] as? [[String: Any]])?.first?["url"] as? String == encoded)
        let teams = try await received(.preset(.teams), record: hostile).1
        let card = ((teams["attachments"] as? [[String: Any]])?.first?["content"]) as? [String: Any]
        #expect((card?["actions"] as? [[String: Any]])?.first?["url"] as? String == encoded)
        let ntfy = try await received(.preset(.ntfy), path: "/alerts", record: hostile).1
        #expect(ntfy["click"] as? String == encoded)
        #expect(URL(string: encoded) != nil)
    }

    /// Only a web link is a link: a feed's `javascript:`, `data:` or `file:` link is no link to click in any preset.
    @Test(arguments: ["javascript:alert(document.cookie)", "JavaScript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "vbscript:x", "mailto:a@example.com"])
    func anArticleLinkThatIsNotTheWebsIsLeftOut(url: String) async throws {
        var hostile = record
        hostile.article.url = url
        for preset in [WebhookPreset.slack, .discord, .teams, .ntfy] {
            let body = String(decoding: try await received(.preset(preset), path: preset == .ntfy ? "/alerts" : "/hook", record: hostile).0.body, as: UTF8.self)
            #expect(!body.lowercased().contains(url.lowercased().prefix(5)), "\(preset): \(body)")
        }
        let slack = try await received(.preset(.slack), record: hostile).1
        let text = try #require(((slack["blocks"] as? [[String: Any]])?.first?["text"] as? [String: Any])?["text"] as? String)
        #expect(text.hasPrefix("*[HIGH] deepseek-distillation*  Chips &amp;"), "\(text)")
    }

    /// A chat message for an alert an edited entry raised says which edit, after the feed, as `wirewatch tail` does.
    @Test(arguments: [WebhookPreset.slack, .discord, .teams])
    func aChatPresetSaysWhenAnEditOfAnEntryRaisedTheAlert(_ preset: WebhookPreset) async throws {
        var revised = record
        revised.revision = 2
        let edited = String(decoding: try await received(.preset(preset), record: revised).0.body, as: UTF8.self)
        #expect(edited.contains("\(record.article.feed) (edit 2)"), "\(edited)")
        let first = String(decoding: try await received(.preset(preset)).0.body, as: UTF8.self)
        #expect(!first.contains("(edit"), "\(first)")
    }

    @Test func ntfyPublishesJSONToTheServerRootWithTheTopicFromTheURL() async throws {
        let (request, json) = try await received(.preset(.ntfy), path: "/ntfy/wirewatch-alerts")
        #expect(request.path == "/ntfy/")
        #expect(json["topic"] as? String == "wirewatch-alerts")
        #expect(json["priority"] as? Int == 4)
        #expect(json["title"] as? String == record.headline)
        #expect(json["click"] as? String == record.article.url)
    }

    /// ntfy reads an access token from `?auth=` on any publish, the JSON one to the root too:
    /// without it a protected server refuses every alert.
    @Test func ntfyKeepsTheTopicURLsQueryForItsAccessToken() async throws {
        let (request, json) = try await received(.preset(.ntfy), path: "/ntfy/alerts?auth=tk")
        #expect(request.path == "/ntfy/?auth=tk")
        #expect(json["topic"] as? String == "alerts")
    }

    /// ntfy's notification names no feed, so its title says which edit raised the alert.
    @Test func anNtfyTitleSaysWhenAnEditOfAnEntryRaisedTheAlert() async throws {
        var revised = record
        revised.revision = 2
        #expect(try await received(.preset(.ntfy), path: "/ntfy/t", record: revised).1["title"] as? String == record.headline + " (edit 2)")
    }

    @Test func aJSONTemplateEscapesValuesForJSONStrings() async throws {
        let template = try WebhookTemplate(source: """
            {"summary": "{{headline}}", "link": "{{{article.url}}}", "why": [{{#why}}"{{clause}}"{{/why}}], "n": {{count}}}
            """)
        let (request, json) = try await received(.template(template))
        #expect(request.header("Content-Type") == "application/json")
        #expect(json["summary"] as? String == record.headline)
        #expect(json["link"] as? String == record.article.url)
        #expect(json["why"] as? [String] == ["DeepSeek"])
        #expect(json["n"] as? Int == 1)
    }

    @Test func aTemplateSaysWhenAnEditOfAnEntryRaisedTheAlert() async throws {
        let template = try WebhookTemplate(source: #"{"edit": "{{#revision}}edit {{revision}}{{/revision}}{{^revision}}first{{/revision}}"}"#)
        var revised = record
        revised.revision = 2
        #expect(try await received(.template(template), record: revised).1["edit"] as? String == "edit 2")
        #expect(try await received(.template(template)).1["edit"] as? String == "first")
        #expect(try await received(.preset(.json), record: revised).1["revision"] as? Int == 2)
    }

    @Test(arguments: ["application/json", "application/vnd.api+json", "text/json", "application/x-json; charset=utf-8"])
    func everyJSONMediaTypeEscapesForJSONAndIsSampled(contentType: String) throws {
        #expect(try WebhookTemplate(source: #"{"t": "{{headline}}"}"#, contentType: contentType).sampleProblem() == nil)
        #expect(try WebhookTemplate(source: #"{"t": "{{headline}}""#, contentType: contentType).sampleProblem() != nil)
    }

    /// `"{{{article.url}}}"` breaks the JSON of an alert whose link holds a quote: the sample's URL has one, so the
    /// check says so at the tag (it passed it, and such an alert was sent as invalid JSON: exploratory finding).
    @Test func aURLInsertedUnescapedIsCaughtByTheSample() throws {
        let problem = try #require(try WebhookTemplate(source: #"{"t": "{{article.title}}", "u": "{{{article.url}}}"}"#,
                                                       contentType: "application/json").sampleProblem())
        #expect(problem.line == 1 && problem.column == 34, "\(problem)")
        #expect(problem.message.hasPrefix("the template does not render JSON for an alert whose title and URL have"), "\(problem)")
        #expect(try WebhookTemplate(source: #"{"t": "{{article.title}}", "u": "{{article.url}}"}"#, contentType: "application/json").sampleProblem() == nil)
    }

    @Test func aBrokenTemplateIsRefusedWithItsPosition() {
        #expect(throws: WebhookTemplateError.self) { try WebhookTemplate(source: "{\"a\": \"{{#why}}x\"}\n") }
        do {
            _ = try WebhookTemplate(source: "line one\n{{#why}}{{/what}}\n")
            Issue.record("a mismatched section was accepted")
        } catch {
            #expect(error.line == 2)
        }
    }
}
