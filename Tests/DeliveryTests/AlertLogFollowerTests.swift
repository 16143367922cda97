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
        let history = AlertLogFollower(path: path).history()
        let log = AlertLogFollower.OpenLog(path: path, offset: history.offset, inode: history.inode)
        #expect(log.advance().isEmpty)
        #expect(log.followPath() == nil)
        try append("B")
        rotate()
        try append("C")
        #expect(ids(log.followPath()) == ["B"])
        #expect(ids(log.advance()) == ["C"])
        #expect(log.followPath() == nil)
    }

    /// Lines shown, then taken back out of the old file (a failed fsync as it was let go) and
    /// written into the new one, are shown once.
    @Test func linesTakenBackFromTheOldFileAndWrittenToTheNewOneAreShownOnce() throws {
        try append("A")
        let synced = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        let log = AlertLogFollower.OpenLog(path: path, offset: 0, inode: 0)
        try append("B")
        #expect(ids(log.advance()) == ["A", "B"])
        #expect(truncate(path, off_t(synced)) == 0)
        rotate()
        try append("B", "X")
        #expect(ids(log.followPath()) == [])
        #expect(ids(log.advance()) == ["X"])
    }

    /// A log that is not there yet is read from its start once it appears.
    @Test func aLogCreatedAfterTheStartIsReadFromItsStart() throws {
        let log = AlertLogFollower.OpenLog(path: path, offset: 0, inode: 0)
        #expect(log.advance().isEmpty)
        #expect(log.followPath() == nil)
        try append("A")
        #expect(ids(log.followPath()) == [])
        #expect(ids(log.advance()) == ["A"])
    }
}
