import Foundation
import Testing
import WirewatchCore
@testable import Daemon

/// Thousands of outlines titled alike ("News", or untitled on one host) get ids news, news-2, news-3, …,
/// skipping those the config has, each found from the last one given, not by trying 2, 3, … again.
@Suite struct OPMLAlikeTitlesTests {
    @Test func alikeTitlesAreNumberedInTurnAroundIdsTheConfigHas() throws {
        let text = """
            feeds:
              - id: news-3
                url: https://old.example/news.xml
            sinks:
              - id: alert-log
                type: alert-log
                path: var/alerts.jsonl

            """
        let config = try ConfigLoader.parse(text: text, path: "/etc/wirewatch/wirewatch.yaml").get()
        let outlines = (0..<3000).map { OPMLOutline(title: "News", xmlURL: "https://news.example/\($0).xml") }
        let plan = OPMLImport.plan(outlines, into: text, config: config)
        let ids = plan.added.map(\.id.rawValue)
        #expect(ids.count == 3000)
        #expect(Array(ids.prefix(4)) == ["news", "news-2", "news-4", "news-5"])
        #expect(ids.last == "news-3001")
        #expect(Set(ids).count == 3000)
    }
}
