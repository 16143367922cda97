@testable import Daemon
import Testing

/// STATUS= lines are made by one caller at a time, outside the lock (making one reads the store); whoever asks
/// meanwhile returns at once, and the line is made again after, so the last line sent is made after the last ask.
struct StatusLineTests {
    /// Records what was sent, and asks again (as a poll's end would) while the first line is being made.
    final class Sent {
        var lines: [String] = []
    }

    @Test func anAskDuringALineMakesItAgainAfterAndTheLastLineIsTheNewest() {
        let status = StatusLine()
        let sent = Sent()
        var readings = ["3 deliveries pending", "2 deliveries pending"]
        func ask(ready: Bool = false) {
            status.ask(ready: ready, {
                let line = readings.removeFirst()
                if readings.count == 1 { ask() }  // asked while this line is made: returns at once
                return line
            }, status: { sent.lines.append($0) }, sendReady: { sent.lines.append("READY " + $0) })
        }
        ask()
        // The line made after the second ask is the one systemd is left with.
        #expect(sent.lines == ["3 deliveries pending", "2 deliveries pending"])
        readings = ["2 deliveries pending"]
        ask()
        #expect(sent.lines.count == 2, "unchanged, not sent again")
    }

    @Test func readyGoesWithTheLineAndIsWhatLaterLinesAreComparedWith() {
        let status = StatusLine()
        let sent = Sent()
        func ask(ready: Bool = false, _ line: String) {
            status.ask(ready: ready, { line }, status: { sent.lines.append($0) }, sendReady: { sent.lines.append("READY " + $0) })
        }
        ask("1 delivery pending")
        ask(ready: true, "1 delivery pending")
        #expect(sent.lines == ["1 delivery pending", "READY 1 delivery pending"], "READY=1 goes whether or not the line changed")
        ask("1 delivery pending")
        ask("0 deliveries pending")
        #expect(sent.lines.last == "0 deliveries pending" && sent.lines.count == 3)
    }
}
