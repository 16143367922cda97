import Delivery
import Testing
import WirewatchCore

/// `wirewatch tail`'s line for an alert an edited entry raised says which edit.
@Suite struct AlertLineTests {
    @Test func anEditSaysWhichAfterTheFeed() {
        var r = OutboxFixture.record("EDIT1", title: "Updated: DeepSeek distilled")
        #expect(!AlertLine.format(r, color: false).contains("(edit"))
        r.revision = 2
        #expect(AlertLine.format(r, color: false).contains("[\(r.article.feed)] (edit 2) "), "\(AlertLine.format(r, color: false))")
        #expect(AlertLine.format(r, color: true).contains("[\(r.article.feed)] (edit 2)"))
    }

    /// A broken feed's alert has no evidence: its line ends at the feed, not with a blank (trial finding 18).
    @Test func anAlertWithoutEvidenceEndsAtItsFeed() {
        var r = OutboxFixture.record("BROKEN1", title: "Feed 'gone' is broken after 3 failures in a row: http-4xx: HTTP 404")
        r.why = []
        #expect(AlertLine.format(r, color: false).hasSuffix("[\(r.article.feed)]"), "\(AlertLine.format(r, color: false))")
        #expect(AlertLine.format(r, color: true).hasSuffix("[\(r.article.feed)]\u{1B}[0m"), "\(AlertLine.format(r, color: true))")
    }
}
