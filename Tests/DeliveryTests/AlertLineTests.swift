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
}
