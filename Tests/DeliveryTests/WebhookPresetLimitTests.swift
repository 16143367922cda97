import Delivery
import Fetching
import Foundation
import Testing
import TestSupport
import WirewatchCore

/// Each chat preset's body against the limits its service enforces: a body over one is refused
/// with a 4xx (a dead letter at once) or, for a Teams workflow, accepted and then not posted.
/// The limits, as the services document them, are counted here in UTF-16 code units, which
/// is never fewer than the services' characters (code points or graphemes).
@Suite struct WebhookPresetLimitTests {
    /// A headline the length of an article's opening paragraph, in scripts whose characters are
    /// several code points (Devanagari, a family emoji, a flag), with what chat markup reads.
    static let longTitle = String(repeating: "हिन्दी 👨‍👩‍👧 🇮🇳 \"quoted\" <b>&amp; ", count: 160) + "\nend"
    static let longSnippet = String(repeating: "नमस्ते <!channel> & \"x\"\n", count: 10)

    static func record(_ n: Int, rule: String = "export-controls-china", feed: String = "world-desk") -> AlertRecord {
        var r = OutboxFixture.record("LIMIT\(n)", rule: rule, title: longTitle, feed: feed)
        r.why[0].snippet = longSnippet
        return r
    }

    func body(_ preset: WebhookPreset, _ records: [AlertRecord], path: String = "/hook") async throws -> (Data, [String: Any]) {
        let receiver = WebhookReceiver()
        let server = try await receiver.start()
        defer { Task { await server.shutdown() } }
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        let sink = WebhookSink(id: "hook", options: .init(url: .value(server.baseURL + path), format: .preset(preset)), fetcher: fetcher)
        let outcome = records.count == 1 ? await sink.deliver(records[0]) : await sink.deliver(digest: records)
        #expect(outcome == .delivered)
        let request = try #require(receiver.requests.first)
        let json = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
        return (request.body, json)
    }

    static let sizes = [1, 26, 60]

    /// Slack: at most 50 blocks; a section's or context element's text at most 3,000 characters.
    /// An article's `<!channel>` or `<url|text>` is escaped in the notification text too.
    @Test(arguments: sizes) func slack(_ n: Int) async throws {
        let (_, json) = try await body(.slack, (0..<n).map { Self.record($0) })
        let blocks = try #require(json["blocks"] as? [[String: Any]])
        #expect(blocks.count <= 50)
        for b in blocks {
            let texts = [(b["text"] as? [String: Any])?["text"] as? String]
                + ((b["elements"] as? [[String: Any]]) ?? []).map { $0["text"] as? String }
            for case let t? in texts { #expect(t.utf16.count <= 3000) }
        }
        let text = try #require(json["text"] as? String)
        #expect(!text.contains("<"), "the notification text holds markup: \(text.prefix(200))")
        let first = try #require((blocks.first?["text"] as? [String: Any])?["text"] as? String)
        // The link to the article is closed, whatever the title's length.
        let link = try #require(first.range(of: "<https://news.example/LIMIT0|"))
        #expect(first[link.upperBound...].contains(">"))
    }

    /// Discord: content at most 2,000 characters; ten embeds; an embed's title 256, description
    /// 4,096, a field's name 256 and value 1,024; all the embeds' text together at most 6,000.
    @Test(arguments: [1, 10, 12]) func discord(_ n: Int) async throws {
        let long = String(repeating: "x", count: 600)
        let (_, json) = try await body(.discord, (0..<n).map { Self.record($0, rule: "rule-" + long, feed: "feed-" + long) })
        #expect(try #require(json["content"] as? String).utf16.count <= 2000)
        let embeds = try #require(json["embeds"] as? [[String: Any]])
        #expect(!embeds.isEmpty && embeds.count <= 10)
        if embeds.count < n { #expect(try #require(json["content"] as? String).hasSuffix("(first \(embeds.count) shown)")) }
        var total = 0
        for e in embeds {
            let title = (e["title"] as? String ?? "").utf16.count, description = (e["description"] as? String ?? "").utf16.count
            #expect(title <= 256 && description <= 4096)
            total += title + description
            for f in e["fields"] as? [[String: Any]] ?? [] {
                let name = (f["name"] as? String ?? "").utf16.count, value = (f["value"] as? String ?? "").utf16.count
                #expect(name <= 256 && value <= 1024)
                total += name + value
            }
        }
        #expect(total <= 6000)
    }

    /// A Teams workflow answers 202 before it posts; a card over Teams' 28 KB message limit is then
    /// never posted, and nobody is told. The body stays under it.
    @Test(arguments: [1, 20, 30]) func teams(_ n: Int) async throws {
        let (data, json) = try await body(.teams, (0..<n).map { Self.record($0) })
        #expect(data.count <= 28 * 1024 - 1024, "\(data.count) bytes")
        let card = try #require(((json["attachments"] as? [[String: Any]])?.first)?["content"] as? [String: Any])
        let texts = (card["body"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
        #expect(texts.contains { $0.hasPrefix("[HIGH] export-controls-china: हिन्दी") })
        if n > 1 { #expect(texts.last?.contains("more") == true) }
    }

    /// ntfy (default limits): a JSON body at most 8,192 bytes (twice the message limit) or 413; a
    /// message over 4,096 bytes becomes an attachment, or a 400 where attachments are off.
    @Test(arguments: [1, 60]) func ntfy(_ n: Int) async throws {
        let (data, json) = try await body(.ntfy, (0..<n).map { Self.record($0) }, path: "/t")
        #expect(data.count <= 8192, "\(data.count) bytes")
        #expect(try #require(json["message"] as? String).utf8.count <= 4096)
        #expect(try #require(json["title"] as? String).hasPrefix(n == 1 ? "[HIGH] export-controls-china: हिन्दी" : "wirewatch: \(n) alerts"))
    }
}
