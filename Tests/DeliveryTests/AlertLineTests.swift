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

    /// A feed's ESC sequences, BEL and bidirectional overrides reach the terminal as U+FFFD, not as commands
    /// (exploratory finding: a title's ESC ]0; set the window's title, a body's ESC [2J cleared the screen).
    @Test func feedTextCannotCommandTheTerminal() {
        var r = OutboxFixture.record("ESC1", title: "Hi\u{1B}]0;pwned\u{07} \u{1B}[31mred\u{202E}txet\u{9D}")
        r.why = [AlertRecord.Evidence(clause: "red", field: "text", span: [0, 3], match: "red", snippet: "\u{1B}[2Jred alert")]
        for color in [false, true] {
            let line = AlertLine.format(r, color: color)
            let escapes = line.unicodeScalars.filter { $0 == "\u{1B}" }.count
            #expect(escapes == (color ? line.components(separatedBy: "\u{1B}[").count - 1 : 0), "\(line.debugDescription)")
            #expect(!line.contains("\u{07}") && !line.contains("\u{202E}") && !line.contains("\u{9D}") && !line.contains("\u{1B}]"), "\(line.debugDescription)")
            #expect(line.contains("\"Hi\u{FFFD}]0;pwned\u{FFFD} \u{FFFD}[31mred\u{FFFD}txet\u{FFFD}\""), "\(line.debugDescription)")
        }
        #expect(AlertLine.format(r, color: false).hasSuffix(" \u{FFFD}[2Jred alert"))
    }
}
