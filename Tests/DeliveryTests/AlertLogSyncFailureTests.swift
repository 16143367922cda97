@testable import Delivery
import Foundation
import Glibc
import Synchronization
import TestSupport
import Testing
import WirewatchCore

/// A line counts as written only once synced. A failed fsync is reported once (Linux marks the
/// pages clean, and the next fsync says 0), so the sink takes back what it wrote since the last
/// good sync, the batch is retried, and the retry writes those lines again.
@Suite struct AlertLogSyncFailureTests {
    func record(_ id: String) -> AlertRecord {
        AlertRecord(id: id, time: Date(timeIntervalSince1970: 1_800_000_000), rule: "r", severity: .high,
                    article: .init(id: "a", url: nil, title: "t", feed: FeedID("f"), published: nil, lang: "en"),
                    story: "s", why: [], entities: [], topics: [])
    }

    func logWithLineASyncedThenAFailingDisk(fsync: AlertLogSink.FsyncPolicy = .batch) async throws -> FailingLog {
        let log = try FailingLog(fsync: fsync)
        #expect(await log.sink.deliver(record("A")) == .delivered)
        #expect(await log.sink.flush() == .delivered)
        log.disk.failing = true
        return log
    }

    /// The kernel refuses fsync on a FIFO (EINVAL): nothing can be made durable there, so what was
    /// written stands and the batch is delivered, once (a retry would write every line again, and
    /// again at every attempt).
    @Test func aLogThatCannotBeSyncedAtAllIsWrittenOnce() async throws {
        let log = try FailingLog(fsync: .batch)  // the disk does not fail: the kernel refuses
        let (path, sink) = (log.path, log.sink)
        #expect(mkfifo(path, 0o600) == 0)
        let reader = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        #expect(reader >= 0)
        defer { close(reader) }
        #expect(await sink.deliver(record("A")) == .delivered)
        #expect(await sink.deliver(record("B")) == .delivered)
        #expect(await sink.flush() == .delivered)
        await sink.close()
        #expect(Self.ids(readingAll: reader) == ["A", "B"])
    }

    /// With `fsync: never` a flushed batch is delivered for good: a later failed sync (SIGUSR1's,
    /// rotation's) takes nothing back out of the log, and fails no later batch.
    @Test func underFsyncNeverAFailedSyncTakesNothingBack() async throws {
        let log = try await logWithLineASyncedThenAFailingDisk(fsync: .never)
        await log.sink.reopen()
        #expect(await log.sink.deliver(record("B")) == .delivered)
        #expect(await log.sink.flush() == .delivered)
        await log.sink.close()
        #expect(Self.ids(inLog: log.path) == ["A", "B"])
    }

    /// A regular file, cut back to its last good sync, holds each line once after the retry.
    @Test func aBatchWhoseFlushFailsIsInTheLogOnceAfterTheRetry() async throws {
        let log = try await logWithLineASyncedThenAFailingDisk()
        let (path, disk, sink) = (log.path, log.disk, log.sink)
        #expect(await sink.deliver(record("B")) == .delivered)
        #expect(await sink.deliver(record("C")) == .delivered)
        guard case .retry(let reason, _) = await sink.flush() else {
            Issue.record("a flush whose fsync failed said delivered")
            return
        }
        #expect(reason == "fsync \(path): Input/output error")
        // Cut back to the last good sync: a later fsync saying 0 would not mean these reached the disk.
        #expect(Self.ids(inLog: path) == ["A"])
        disk.failing = false
        #expect(await sink.deliver(record("B")) == .delivered)
        #expect(await sink.deliver(record("C")) == .delivered)
        #expect(await sink.flush() == .delivered)
        await sink.stop()
        #expect(Self.ids(inLog: path) == ["A", "B", "C"])
    }

    /// SIGUSR1 lets go of the file even when its batch cannot be synced: the lines are taken
    /// back out of it, the batch's flush says retry, and the retry writes them to the new file.
    @Test func reopenTakesBackTheBatchItCouldNotSync() async throws {
        let log = try FailingLog(fsync: .batch)
        let (path, disk, sink) = (log.path, log.disk, log.sink)
        disk.failing = true
        #expect(await sink.deliver(record("A")) == .delivered)
        await sink.reopen()
        #expect(Self.ids(inLog: path).isEmpty)
        disk.failing = false
        guard case .retry = await sink.flush() else {
            Issue.record("the flush of a batch taken back at reopen said delivered")
            return
        }
        #expect(await sink.deliver(record("A")) == .delivered)
        #expect(await sink.flush() == .delivered)
        await sink.stop()
        #expect(Self.ids(inLog: path) == ["A"])
    }

    /// A stop whose sync fails leaves no line that the next sink (restart, reload) would read
    /// back from the page cache and take for written.
    @Test func aStopWhoseSyncFailsLeavesNoUnsyncedLine() async throws {
        let log = try await logWithLineASyncedThenAFailingDisk()
        let (path, sink) = (log.path, log.sink)
        #expect(await sink.deliver(record("B")) == .delivered)
        await sink.stop()
        #expect(Self.ids(inLog: path) == ["A"])
        let next = AlertLogSink(id: "log", path: path, options: .init(fsync: .batch))
        #expect(await next.deliver(record("B")) == .delivered)
        #expect(await next.flush() == .delivered)
        await next.stop()
        #expect(Self.ids(inLog: path) == ["A", "B"])
    }

    /// With `fsync: line` the failing line itself is taken back and its delivery retried.
    @Test func aLineWhoseSyncFailsIsTakenBack() async throws {
        let log = try FailingLog(fsync: .line)
        let (path, disk, sink) = (log.path, log.disk, log.sink)
        disk.failing = true
        guard case .retry = await sink.deliver(record("A")) else {
            Issue.record("a line whose fsync failed was delivered")
            return
        }
        #expect(Self.ids(inLog: path).isEmpty)
        disk.failing = false
        #expect(await sink.deliver(record("A")) == .delivered)
        await sink.stop()
        #expect(Self.ids(inLog: path) == ["A"])
    }

    /// The ids of the log's lines; a line that is not a whole record reads as "broken".
    static func ids(inLog path: String) -> [String] { ids(FileManager.default.contents(atPath: path) ?? Data()) }

    static func ids(_ data: Data) -> [String] {
        data.split(separator: UInt8(ascii: "\n")).map { (try? AlertRecord.decode(line: Data($0)).id) ?? "broken" }
    }

    static func ids(readingAll fd: Int32) -> [String] {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            guard n > 0 else { break }
            data.append(contentsOf: buffer[0..<n])
        }
        return ids(data)
    }
}

/// An alert log in a directory of its own (removed when the test process exits), on a disk that fails on demand.
struct FailingLog {
    let path: String
    let disk = FailingDisk()
    let sink: AlertLogSink

    init(fsync: AlertLogSink.FsyncPolicy) throws {
        path = try makeTemporaryDirectory("log").appendingPathComponent("alerts.jsonl").path
        sink = AlertLogSink(id: "log", path: path, options: .init(fsync: fsync), sync: disk.sync)
    }
}

/// The log's disk, failing on demand: fsync says EIO while `failing`, as after a writeback error.
/// The disk is not under test; what the sink does about the failure is.
final class FailingDisk: Sendable {
    private let flag = Atomic(false)
    var failing: Bool {
        get { flag.load(ordering: .acquiring) }
        set { flag.store(newValue, ordering: .releasing) }
    }

    var sync: @Sendable (Int32) -> Int32 {
        { [self] fd in
            if failing { errno = EIO; return -1 }
            return fsync(fd)
        }
    }
}
