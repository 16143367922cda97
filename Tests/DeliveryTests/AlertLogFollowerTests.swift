@testable import Delivery
import Foundation
import Glibc
import Testing
import TestSupport
import WirewatchCore

/// The follower's steps driven one at a time, so that a write can fall exactly between two of
/// them: between the last look at the old file and the look at the path that finds it rotated.
@Suite struct AlertLogFollowerTests {
    let path: String

    init() throws {
        path = try makeTemporaryDirectory("follower").appendingPathComponent("alerts.jsonl").path
    }

    func append(_ ids: String..., to file: String? = nil) throws {
        try ids.reduce(Data()) { $0 + (try OutboxFixture.record($1).jsonLine()) + Data("\n".utf8) }.append(to: file ?? path)
    }

    func ids(_ lines: [Data]?) -> [String]? { lines?.map { (try? AlertRecord.decode(line: $0).id) ?? "broken" } }

    /// logrotate's `create`: the log moved to `.1`, a new one at the path.
    func rotate() {
        #expect(rename(path, path + ".1") == 0)
        _ = FileManager.default.createFile(atPath: path, contents: nil)
    }

    /// The writer appends to the old file after the follower's last look at it, then the log is
    /// rotated: the line is shown before the new file's.
    @Test func aLineWrittenToTheOldFileJustBeforeRotationIsShown() throws {
        try append("A")
        let history = AlertLogFollower(path: path).history(last: 10, filter: AlertFilter())
        let log = AlertLogFollower.OpenLog(path: path, from: history.place)
        #expect(log.advance().isEmpty)
        #expect(log.followPath() == nil)
        try append("B")
        rotate()
        try append("C")
        #expect(ids(log.followPath()) == ["B"])
        #expect(ids(log.advance()) == ["C"])
        #expect(log.followPath() == nil)
    }

    /// Between the history and the first look, the file the history was read from is written to,
    /// rotated out of the kept files and deleted, and a new file begun at the path (which may be
    /// given the deleted file's inode number): the rest of the old file is read from the file
    /// the history held open, then the new file from its start (the fresh-clone CI of stop 23:
    /// a tail stopped in that gap showed the new file from the old one's offset, and lost the rest).
    @Test func theHistorysFileIsFollowedEvenIfItIsDeletedBeforeTheFirstLook() throws {
        try append("A")
        let history = AlertLogFollower(path: path).history(last: 10, filter: AlertFilter())
        #expect(ids(history.alerts.map(\.line)) == ["A"])
        try append("B")
        #expect(unlink(path) == 0)
        try append("C")
        let log = AlertLogFollower.OpenLog(path: path, from: history.place)
        #expect(ids(log.advance()) == ["B"])
        #expect(ids(log.followPath()) == [])
        #expect(ids(log.advance()) == ["C"])
        #expect(log.takeNotices().isEmpty)
    }

    /// Lines shown, then taken back out of the old file (a failed fsync as it was let go) and
    /// written into the new one, are shown once.
    @Test func linesTakenBackFromTheOldFileAndWrittenToTheNewOneAreShownOnce() throws {
        try append("A")
        let synced = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        let log = AlertLogFollower.OpenLog(path: path, from: nil)
        try append("B")
        #expect(ids(log.advance()) == ["A", "B"])
        #expect(truncate(path, off_t(synced)) == 0)
        rotate()
        try append("B", "X")
        #expect(ids(log.followPath()) == [])
        #expect(ids(log.advance()) == ["X"])
    }

    /// Lines shown from the old file, which is rotated before they are taken back out of it (the
    /// follower's last look finds them still there) and written again into the new one: shown once.
    @Test func linesTakenBackAfterTheRotationAndWrittenToTheNewOneAreShownOnce() throws {
        try append("A")
        let synced = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        let log = AlertLogFollower.OpenLog(path: path, from: nil)
        try append("B")
        #expect(ids(log.advance()) == ["A", "B"])
        rotate()
        #expect(ids(log.followPath()) == [])
        #expect(truncate(path + ".1", off_t(synced)) == 0)
        try append("B", "X")
        #expect(ids(log.advance()) == ["X"])
    }

    func append(_ records: [AlertRecord]) throws {
        try records.reduce(Data()) { $0 + (try $1.jsonLine()) + Data("\n".utf8) }.append(to: path)
    }

    /// History is read from the end back: the last alerts the filter accepts, oldest first, and the
    /// offset after the last whole line (a torn line is left to the follower).
    @Test func historyIsTheLastAlertsTheFilterAccepts() throws {
        try append("A", "B", "C", "D")
        try append([OutboxFixture.record("E", severity: .low)])
        let whole = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        try Data(#"{"id":"torn"#.utf8).append(to: path)
        let history = AlertLogFollower(path: path).history(last: 2, filter: AlertFilter(minSeverity: .high))
        #expect(history.alerts.map(\.record.id) == ["C", "D"])
        #expect(history.alerts.map { String(decoding: $0.line, as: UTF8.self) } == ["C", "D"].map {
            String(decoding: try! OutboxFixture.record($0).jsonLine(), as: UTF8.self)
        })
        #expect(history.place.offset == UInt64(whole))
        #expect(AlertLogFollower(path: path).history(last: 0, filter: AlertFilter()).alerts.isEmpty)
    }

    /// With a since, the scan back does not stop at an old line: one written late (a retried
    /// delivery, a dead letter queued again) sits after newer ones, which must still be shown.
    @Test func historySinceReadsPastALineWrittenLate() throws {
        let since = OutboxFixture.start
        try append([OutboxFixture.record("beyond", time: since),
                    OutboxFixture.record("requeued", time: since.addingTimeInterval(-3 * 86_400)),  // a dead letter, days old
                    OutboxFixture.record("retried", time: since.addingTimeInterval(-86_400)),  // a delivery retried for a day
                    OutboxFixture.record("new", time: since.addingTimeInterval(60))])
        let history = AlertLogFollower(path: path).history(last: .max, filter: AlertFilter(since: since))
        #expect(history.alerts.map(\.record.id) == ["beyond", "new"])
    }

    /// A log that is not there yet is read from its start once it appears.
    @Test func aLogCreatedAfterTheStartIsReadFromItsStart() throws {
        let log = AlertLogFollower.OpenLog(path: path, from: nil)
        #expect(log.advance().isEmpty)
        #expect(log.followPath() == nil)
        try append("A")
        #expect(ids(log.followPath()) == [])
        #expect(ids(log.advance()) == ["A"])
    }

    /// As the alert-log sink rotates: `.1` → `.2` …, the log → `.1`, a new log.
    func rotateNumbered() {
        for i in stride(from: 5, through: 1, by: -1) where FileManager.default.fileExists(atPath: "\(path).\(i)") {
            #expect(rename("\(path).\(i)", "\(path).\(i + 1)") == 0)
        }
        rotate()
    }

    /// Rotated twice between the history and the first look: the rest of the file the history came
    /// from, then the file between, then the log; none of them passed over.
    @Test func aLogRotatedTwiceBeforeTheFirstLookIsReadThroughEveryFile() throws {
        try append("A")
        let history = AlertLogFollower(path: path).history(last: 10, filter: AlertFilter())
        try append("B")
        rotateNumbered()
        try append("C")
        rotateNumbered()
        try append("D")
        let log = AlertLogFollower.OpenLog(path: path, from: history.place)
        #expect(ids(log.advance()) == ["B"])
        #expect(ids(log.followPath()) == ["C"])
        #expect(ids(log.advance()) == ["D"])
        #expect(log.takeNotices().isEmpty)
    }

    /// No log when tail began: the log is made, written and rotated twice between two looks. The
    /// files rotated before the first look are read by their count, oldest first (review of follow, 1:
    /// A1–A3 were passed over without a word).
    @Test func aLogMadeAndRotatedBeforeTheFirstLookIsReadThroughEveryFile() throws {
        let arrivals = LogPathArrivals(path: path)
        let history = AlertLogFollower(path: path).history(last: 10, filter: AlertFilter(), arrivals: arrivals)
        let log = AlertLogFollower.OpenLog(path: path, from: history.place, arrivals: arrivals)
        #expect(log.followPath() == nil)
        try append("A1", "A2")
        rotateNumbered()
        try append("A3")
        rotateNumbered()
        try append("A4")
        #expect(ids(log.followPath()) == ["A1", "A2", "A3"])
        #expect(ids(log.advance()) == ["A4"])
        #expect(log.takeNotices().isEmpty)
    }

    /// A rotation counted before the history opened its file came before that file: the history's file
    /// deleted and a new log begun, the file before it (at `.1`) is not read again, nor said deleted
    /// (review of follow, 6).
    @Test func aRotationBeforeTheHistoryIsNotTakenForOneAfterIt() throws {
        try append("A")
        let arrivals = LogPathArrivals(path: path)
        rotateNumbered()
        try append("B")
        let history = AlertLogFollower(path: path).history(last: 10, filter: AlertFilter(), arrivals: arrivals)
        #expect(ids(history.alerts.map(\.line)) == ["B"])
        #expect(unlink(path) == 0)
        try append("C")
        let log = AlertLogFollower.OpenLog(path: path, from: history.place, arrivals: arrivals)
        #expect(ids(log.advance()) == [])
        #expect(ids(log.followPath()) == [])
        #expect(ids(log.advance()) == ["C"])
        #expect(log.takeNotices().isEmpty)
    }

    /// The history's file is handed to the follower, which closes it when it moves on: a file rotation
    /// deletes is not held open (and its space kept from the disk) for tail's life (review of follow, 10).
    @Test func theHistorysFileIsLetGoOnceFollowingMovesOn() throws {
        try append("A")
        let history = AlertLogFollower(path: path).history(last: 10, filter: AlertFilter())
        let log = AlertLogFollower.OpenLog(path: path, from: history.place)
        #expect(unlink(path) == 0)
        try append("B")
        #expect(ids(log.followPath()) == [])
        #expect(ids(log.advance()) == ["B"])
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        let held = open.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)") }
            .filter { $0 == path + " (deleted)" }
        #expect(held.isEmpty, "still open: \(held)")
    }

    /// The file being read deleted, and no count of the rotations kept: the rotated files written after
    /// it are read (not the older ones), and that alerts may have been lost is said.
    @Test func withoutACountADeletedFileSaysAlertsMayBeLost() throws {
        try append("A")
        let log = AlertLogFollower.OpenLog(path: path, from: nil)
        #expect(ids(log.advance()) == ["A"])
        try append("B")
        rotateNumbered()
        try append("C")
        rotateNumbered()
        try append("D")
        #expect(unlink(path + ".2") == 0)  // the file being read, rotated past `keep`
        #expect(ids(log.advance()) == ["B"])
        #expect(ids(log.followPath()) == ["C"])
        #expect(log.takeNotices().first?.contains("tail could not count the rotations") == true)
        #expect(ids(log.advance()) == ["D"])
    }
}
