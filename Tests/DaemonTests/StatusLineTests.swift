@testable import Daemon
import Testing

/// STATUS= lines are made outside the lock (making one reads the store), and a line made from a reading older
/// than one already judged is not sent after it.
struct StatusLineTests {
    @Test func aLineMadeBeforeANewerOneWasSentIsDropped() {
        let status = StatusLine()
        var sent: [String] = []
        // The outer line's reading begins first and ends last: the inner one, asked for meanwhile, is newer.
        // Made under the lock, as before, the inner send could not run at all (the lock is not re-entrant).
        status.send({
            status.send({ "2 deliveries pending" }, { sent.append($0) })
            return "3 deliveries pending"
        }, { sent.append($0) })
        #expect(sent == ["2 deliveries pending"])
        status.send({ "2 deliveries pending" }, { sent.append($0) })
        #expect(sent == ["2 deliveries pending"], "unchanged, not sent again")
        status.send({ "0 deliveries pending" }, { sent.append($0) })
        #expect(sent == ["2 deliveries pending", "0 deliveries pending"])
    }

    @Test func aForcedLineIsSentEvenWhenOlderAndIsWhatLaterLinesAreComparedWith() {
        let status = StatusLine()
        var sent: [String] = []
        status.send(force: true, {
            status.send({ "1 delivery pending" }, { sent.append($0) })
            return "READY 0 deliveries pending"
        }, { sent.append($0) })
        #expect(sent == ["1 delivery pending", "READY 0 deliveries pending"])
        // systemd shows the forced line now, so the count differing from it is sent again.
        status.send({ "1 delivery pending" }, { sent.append($0) })
        #expect(sent.last == "1 delivery pending" && sent.count == 3)
    }
}
