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

        static func make(fsync: AlertLogSink.FsyncPolicy, on kind: SmallFilesystem.Kind = .tmpfs) async throws -> FullLog {
            let disk: SmallFilesystem
            do { disk = try SmallFilesystem(bytes: kind == .tmpfs ? 64 << 10 : 1 << 20, kind: kind) } catch let refused as SmallFilesystem.MountRefused {
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
        var ids: [String] { AlertLogSyncFailureTests.ids(inLog: path) }

        /// Delivers the next alert to the full disk: the sink says retry, the log holds what it held.
        /// True when the log's file was touched (written to, then cut back) all the same.
        func deliverToTheFullDisk() async throws -> Bool {
            let before = bytes
            try FileManager.default.setAttributes([.modificationDate: AlertLogFullDiskTests.longAgo], ofItemAtPath: path)
            let outcome = await sink.deliver(next)
            if case .retry(let reason, _) = outcome {
                #expect(reason.contains("No space left on device"), "\(reason)")
            } else {
                Issue.record("delivered to a full disk: \(outcome)")
            }
            #expect(bytes == before, "a partial line is in the log")
            let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
            return modified != AlertLogFullDiskTests.longAgo
        }

        /// Space returns: the alert is written, once, after the lines before it.
        mutating func deliverOnceSpaceReturns() async {
            disk.free()
            #expect(await sink.deliver(next) == .delivered)
            written.append(next.id)
            #expect(await sink.flush() == .delivered)
            #expect(ids == written)
            #expect(bytes.last == UInt8(ascii: "\n"))
        }
    }

    @Test(arguments: AlertLogSink.FsyncPolicy.allCases)
    func aLineThatDoesNotFitIsNotWrittenAtAll(fsync: AlertLogSink.FsyncPolicy) async throws {
        var log = try await FullLog.make(fsync: fsync)
        // Untouched, not written and cut back: a reader could have seen the part in between.
        #expect(try await !log.deliverToTheFullDisk(), "the log was written to, then cut back")
        await log.deliverOnceSpaceReturns()
    }

    /// ext2 cannot reserve space (fallocate says EOPNOTSUPP): the line is written as it always was,
    /// and the part of it that fit is cut back at once, so the log holds whole lines only.
    @Test func whereSpaceCannotBeReservedAShortWriteIsCutBack() async throws {
        var log = try await FullLog.make(fsync: .batch, on: .ext2)
        #expect(try await log.deliverToTheFullDisk(), "nothing was written: this is not the short write it means to show")
        await log.deliverOnceSpaceReturns()
    }
}
