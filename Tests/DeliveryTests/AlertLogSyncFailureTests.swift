import Delivery
import Foundation
import Glibc
import Testing
import WirewatchCore

/// A batch's lines count as delivered only once synced, also across SIGUSR1's
/// `reopen()`. The failing sync is a real one: the kernel refuses fsync on a
/// FIFO (EINVAL), which stands for the log's disk failing at that moment.
@Suite struct AlertLogSyncFailureTests {
    func record(_ id: String) -> AlertRecord {
        AlertRecord(id: id, time: Date(timeIntervalSince1970: 1_800_000_000), rule: "r", severity: .high,
                    article: .init(id: "a", url: nil, title: "t", feed: FeedID("f"), published: nil, lang: "en"),
                    story: "s", why: [], entities: [], topics: [])
    }

    @Test func reopenKeepsTheOldFileUntilItsBatchIsSynced() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/alerts.jsonl"
        #expect(mkfifo(path, 0o600) == 0)
        let sink = AlertLogSink(id: "log", path: path, options: .init(fsync: .batch))
        #expect(await sink.deliver(record("A")) == .delivered)
        await sink.reopen()
        // The batch's line is in a file that could not be synced: not delivered, neither by
        // the flush that ends the batch nor by a write that would let go of that file.
        guard case .retry(let reason, _) = await sink.flush() else {
            Issue.record("flush after a failed sync at reopen said delivered")
            return
        }
        #expect(reason.hasPrefix("fsync \(path): "))
        guard case .retry = await sink.deliver(record("B")) else {
            Issue.record("a write after a failed sync at reopen let go of the unsynced file")
            return
        }
        await sink.close()
    }
}
