import Foundation
import Testing
import TestSupport
import WirewatchCore
@testable import Daemon

/// `poll.late_edits` as the config reads it: its default, what `max_edits: 0` keeps meaning, and the values refused.
@Suite struct LateEditsSettingTests {
    func parse(_ poll: String) -> Result<DaemonConfig, Diagnostics> {
        ConfigLoader.parse(text: """
            store: var/state.sqlite
            feeds: []
            sinks:
              - id: alert-log
                type: alert-log
                path: var/alerts.jsonl
            poll:
            \(poll)
            """, path: "/etc/wirewatch/wirewatch.yaml", home: TestHome.empty)
    }

    @Test func maxEditsZeroWrittenAloneStillJudgesEachEntryOnce() throws {
        #expect(try parse("  max_edits: 3").get().poll.lateEdits == 3600)
        // Before late edits came, `max_edits: 0` was how an operator turned edit alerts off (review of schedule, finding 4).
        #expect(try parse("  max_edits: 0").get().poll.lateEdits == 0)
        #expect(try parse("  max_edits: 0\n  late_edits: 2h").get().poll.lateEdits == 7200)
        #expect(try parse("  late_edits: 0").get().poll.lateEdits == 0)
    }

    @Test func aLateEditsUnderASecondIsRefusedAtItsLine() {
        for value in ["1ms", "500ms"] {
            guard case .failure(let d) = parse("  late_edits: \(value)") else { Issue.record("accepted: \(value)"); continue }
            #expect(d.items.map(\.message) == ["'late_edits' in 'poll' must be 0 (edits past max_edits never judged) or at least 1s (got '\(value)')"])
            #expect(d.items.first?.line == 8 && d.items.first?.column == 15, "\(d)")
        }
    }
}

/// What `feeds` says of edits past `max_edits`, as `late_edits` has them judged or not.
@Suite struct LateEditsNoteTests {
    @Test func theNoteSaysWhetherLateEditsAreJudged() {
        var row = FeedStatus(id: "ticker", url: "http://ticker", tags: [], interval: 300, intervalSource: "config",
                             errorStreak: 0, articlesSeen: 3)
        row.entriesEdited = 9
        row.editsNotJudged = 6
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(FeedStatusTable.render([row], now: now, lateEdits: 3600)
                    .contains("ticker: 6 edits past poll.max_edits not judged as they came (judged at most once per poll.late_edits;"))
        #expect(FeedStatusTable.render([row], now: now, lateEdits: 0)
                    .contains("ticker: 6 edits past poll.max_edits not judged as they came (never judged: poll.late_edits is 0;"))
    }
}
