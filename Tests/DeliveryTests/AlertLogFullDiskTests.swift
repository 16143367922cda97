import Delivery
import Foundation
import Glibc
import Testing
import TestSupport
import WirewatchCore

/// The alert log's filesystem is full (a real tmpfs, so the kernel says ENOSPC). A line that does not
/// fit must not be written in part: a part written and then cut back is there for a reader to see in
/// between (`wirewatch tail`, `tail -F`), however briefly.
@Suite struct AlertLogFullDiskTests {
    static let longAgo = Date(timeIntervalSince1970: 1_000_000_000)

    /// A sink on a full tmpfs whose log ends with room for part of the next line, not all of it: a
    /// `write()` of that line copies the part that fits, then fails.
    struct FullLog {
        let disk: SmallFilesystem
        let sink: AlertLogSink
        var path: String { disk.path + "/alerts.jsonl" }
        var written: [String] = []

        static func make(fsync: AlertLogSink.FsyncPolicy) async throws -> FullLog {
            let disk: SmallFilesystem
            do { disk = try SmallFilesystem(bytes: 64 << 10) } catch let refused as SmallFilesystem.MountRefused {
                try Test.cancel("\(refused)")
            }
            var log = FullLog(disk: disk, sink: AlertLogSink(id: "log", path: disk.path + "/alerts.jsonl", options: .init(fsync: fsync)))
            var fs = statvfs()
            try #require(statvfs(disk.path, &fs) == 0)
            let block = Int(fs.f_bsize)
            while true {
                let size = (try? FileManager.default.attributesOfItem(atPath: log.path)[.size] as? Int) ?? 0
                let room = (block - size % block) % block
                if room > 0, room < (try log.next.jsonLine().count + 1) { break }
                try #require(await log.sink.deliver(log.next) == .delivered)
                log.written.append(log.next.id)
            }
            try disk.fill()
            return log
        }

        var next: AlertRecord { OutboxFixture.record(String(format: "FULL%04d", written.count)) }
        var bytes: Data { FileManager.default.contents(atPath: path) ?? Data() }
        var modified: Date? { try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date }
        var ids: [String] { AlertLogSyncFailureTests.ids(inLog: path) }
    }

    @Test(arguments: AlertLogSink.FsyncPolicy.allCases)
    func aLineThatDoesNotFitIsNotWrittenAtAll(fsync: AlertLogSink.FsyncPolicy) async throws {
        var log = try await FullLog.make(fsync: fsync)
        let before = log.bytes
        try FileManager.default.setAttributes([.modificationDate: Self.longAgo], ofItemAtPath: log.path)

        let outcome = await log.sink.deliver(log.next)
        guard case .retry(let reason, _) = outcome else { Issue.record("delivered to a full disk: \(outcome)"); return }
        #expect(reason.contains("No space left on device"), "\(reason)")
        #expect(log.bytes == before, "a partial line is in the log")
        // Untouched, not written and cut back: a reader could have seen the part in between.
        #expect(log.modified == Self.longAgo, "the log was written to, then cut back")

        log.disk.free()
        #expect(await log.sink.deliver(log.next) == .delivered)
        log.written.append(log.next.id)
        #expect(await log.sink.flush() == .delivered)
        #expect(log.ids == log.written)
        #expect(log.bytes.last == UInt8(ascii: "\n"))
    }
}
