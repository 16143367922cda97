import Delivery
import Fetching
import Foundation
import Testing
import TestSupport
import WirewatchCore

/// What a receiver gets from a template with each content type, when the feed's text holds the
/// characters that break a body (trial2 finding 20): `{{name}}` escapes for the type, `{{{name}}}` does not.
@Suite struct TemplateEscapingTests {
    let record: AlertRecord = {
        var r = OutboxFixture.record("ESCAPE1", title: "Müller & Söhne: <b>\"big\"</b> news\u{1}", feed: "latin")
        r.article.url = "https://latin.example/1?a=1&b=2"
        return r
    }()

    /// The body and content type `template` sends to a loopback receiver for `records` (a digest when more than one).
    func delivered(_ source: String, contentType: String, records: [AlertRecord]? = nil) async throws -> (body: String, type: String?) {
        let receiver = WebhookReceiver()
        let server = try await receiver.start()
        defer { Task { await server.shutdown() } }
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        let template = try WebhookTemplate(source: source, contentType: contentType)
        let sink = WebhookSink(id: "hook", options: .init(url: .value(server.baseURL + "/hook"), format: .template(template)), fetcher: fetcher)
        let records = records ?? [record]
        let outcome = records.count == 1 ? await sink.deliver(records[0]) : await sink.deliver(digest: records)
        #expect(outcome == .delivered)
        let request = try #require(receiver.requests.first)
        return (String(decoding: request.body, as: UTF8.self), request.header("Content-Type"))
    }

    @Test(arguments: ["application/xml", "text/xml; charset=utf-8", "application/atom+xml"])
    func anXMLBodyGetsEntitiesAndNoControlCharacters(contentType: String) async throws {
        let (body, type) = try await delivered("<alert><title>{{article.title}}</title><link href=\"{{article.url}}\"/><raw>{{{article.feed}}}</raw></alert>",
                                               contentType: contentType)
        #expect(type == contentType)
        #expect(body == "<alert><title>Müller &amp; Söhne: &lt;b&gt;&quot;big&quot;&lt;/b&gt; news</title>"
            + "<link href=\"https://latin.example/1?a=1&amp;b=2\"/><raw>latin</raw></alert>")
    }

    /// A title's `&` and `=` stay in their field: they no longer add or override fields of the request.
    @Test func aFormBodyGetsPercentEncodedFields() async throws {
        let (body, _) = try await delivered("title={{article.title}}&url={{article.url}}&priority=low",
                                            contentType: "application/x-www-form-urlencoded")
        #expect(body == "title=M%C3%BCller+%26+S%C3%B6hne%3A+%3Cb%3E%22big%22%3C%2Fb%3E+news%01"
            + "&url=https%3A%2F%2Flatin.example%2F1%3Fa%3D1%26b%3D2&priority=low")
        let fields = try #require(URLComponents(string: "?" + body)?.queryItems)
        #expect(fields.map(\.name) == ["title", "url", "priority"])
        #expect(fields.first?.value?.replacingOccurrences(of: "+", with: " ") == record.article.title)
    }

    @Test func triplesInsertTheValueAsItIs() async throws {
        let (body, _) = try await delivered("{{{article.title}}}|{{&article.title}}", contentType: "application/x-www-form-urlencoded")
        #expect(body == record.article.title + "|" + record.article.title)
    }

    /// Plain text has no markup to break; any other type gets Mustache's own default, HTML escaping.
    @Test func plainTextIsAsItIsAndOtherTypesAreHTMLEscaped() async throws {
        #expect(try await delivered("{{article.title}}", contentType: "text/plain").body == record.article.title)
        #expect(try await delivered("<p>{{article.title}}</p>", contentType: "text/html").body
            == "<p>Müller &amp; Söhne: &lt;b&gt;&quot;big&quot;&lt;/b&gt; news\u{1}</p>")
        #expect(try await delivered("{{article.title}}", contentType: "text/markdown").body
            == "Müller &amp; Söhne: &lt;b&gt;&quot;big&quot;&lt;/b&gt; news\u{1}")
    }

    @Test func aJSONBodyStillEscapesForAJSONString() async throws {
        let (body, _) = try await delivered(#"{"t": "{{article.title}}"}"#, contentType: "application/json")
        #expect(body == #"{"t": "Müller & Söhne: <b>\"big\"</b> news\u0001"}"#)
    }

    /// Ready-made JSON lists: no section, no comma to get wrong (trial2 finding 25).
    @Test func theListsComeAsJSON() async throws {
        var second = OutboxFixture.record("ESCAPE2")
        second.why.append(.init(clause: "entity:OpenAI", field: "title", span: [0, 6], match: "OpenAI", snippet: "\"OpenAI\" says"))
        second.topics.append(.init(id: "chips", score: 0.25))
        let (body, _) = try await delivered(#"{"a": [{{#alerts}}{"why": {{{why_json}}}, "e": {{{entities_json}}}, "t": {{{topics_json}}}},{{/alerts}}null]}"#,
                                            contentType: "application/json", records: [record, second])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "\(body)")
        let alerts = try #require(json["a"] as? [Any])
        let last = try #require(alerts[1] as? [String: Any])
        #expect((last["why"] as? [[String: Any]])?.map { $0["snippet"] as? String } == ["OpenAI says DeepSeek used knowledge distillation", "\"OpenAI\" says"])
        #expect((last["t"] as? [[String: Any]])?.map { $0["id"] as? String } == ["model-distillation", "chips"])
        #expect((last["e"] as? [[String: Any]])?.first?["name"] as? String == "DeepSeek")
        #expect(body.contains(#""why": [{"clause":"DeepSeek","field":"text","match":"DeepSeek","snippet":"OpenAI says DeepSeek used knowledge distillation"}]"#), "\(body)")
    }
}
