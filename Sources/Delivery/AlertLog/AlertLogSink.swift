import CFallocate
import Foundation
import Glibc
import WirewatchCore

/// Appends alerts to a JSON-lines file, exactly once each.
///
/// A crash can fall between the write and the store's "delivered" mark, so a
/// delivery still pending may already be in the log. Those lines are the last
/// the sink wrote: at open it reads only the end of the log (`recentBytes`,
/// continuing into the newest rotated file), backwards, to learn the ids there,
/// so a redelivery is a no-op while startup costs the same for any size of log.
/// An alert older than everything read is looked for further back, once, when
/// it is delivered (see `holds`). Each line is written with one `write()` on an
/// `O_APPEND` descriptor, so only the last line can be torn, and a torn last
/// line is cut off at open. The line's disk space is reserved first (`reserve`),
/// so a full disk leaves nothing of it for a reader to see.
///
/// A failed fsync takes back the lines written since the last good one: Linux reports a
/// writeback error once per file and marks the pages clean, so the next fsync says 0 while
/// those lines may never reach the disk. They are cut off the file and forgotten, the
/// batch is retried, and the retry writes them again.
public actor AlertLogSink: AlertSink {
    public struct Options: Sendable, Hashable {
        public var fsync: FsyncPolicy
        /// Rotate before a line would take the file past this size; nil leaves rotation to logrotate.
        public var rotateBytes: Int?
        /// Rotated files kept: `alerts.jsonl.1` (newest) … `alerts.jsonl.N`.
        public var keep: Int
        /// How much of the log's end is read at open to learn which alerts it holds: far more
        /// than a delivery batch (`DeliveryWorker.batchLimit` alerts) that a crash can leave written but not marked.
        public var recentBytes: Int

        public init(fsync: FsyncPolicy = .batch, rotateBytes: Int? = nil, keep: Int = 5, recentBytes: Int = 8 << 20) {
            self.fsync = fsync; self.rotateBytes = rotateBytes; self.keep = max(1, keep); self.recentBytes = max(0, recentBytes)
        }
    }

    public enum FsyncPolicy: String, Sendable, Hashable, CaseIterable {
        /// After every line: slowest, nothing written is ever lost.
        case line
        /// Once per delivery batch, before the batch is marked delivered (the default).
        case batch
        /// Leave it to the kernel: a power cut can lose the last seconds (the outbox resends them).
        case never
    }

    public nonisolated let id: String
    public nonisolated let path: String
    public nonisolated let options: Options
    private var fd: Int32 = -1
    private var size = 0
    private var unsynced = false
    /// The file's size at its last good fsync (or at open): what a failed one cuts it back to.
    private var syncedSize = 0
    /// The alerts whose lines were written after `syncedSize`.
    private var unsyncedIDs: Set<String> = []
    /// Why lines delivered since the last `flush()` were taken back: that flush says retry.
    private var takenBack: String?
    /// fsync(2); a test stands a failing disk in for it.
    private let sync: @Sendable (Int32) -> Int32
    /// Learnt at the first open, kept across rotation and reopening.
    var logged: LoggedAlerts?
    /// Bytes of log read to learn what it holds, at open and when looking further back.
    public internal(set) var bytesRead = 0
    /// Assumed: a line reaches the log within this long of its alert being raised, so the lines
    /// before the oldest one read belong to alerts raised at most this much later than it. Not
    /// always so: a delivery retried for up to its `max_age` (a day by default) or a dead letter
    /// queued again days later is written late with its old time, and a resend of an alert
    /// whose line lies before such a line may then be written a second time.
    static let lateWriteAllowance: TimeInterval = 3600

    public init(id: String, path: String, options: Options = Options()) {
        self.init(id: id, path: path, options: options, sync: { fsync($0) })
    }

    init(id: String, path: String, options: Options = Options(), sync: @escaping @Sendable (Int32) -> Int32) {
        self.id = id
        self.path = path
        self.options = options
        self.sync = sync
    }

    public func start() async throws { try open() }
    public func stop() async { letGoOfFile() }

    /// Opens the log, repairs a torn tail and learns which alerts it holds.
    public func open() throws {
        guard fd < 0 else { return }
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let existed = FileManager.default.fileExists(atPath: path)
        let f = Foundation.open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        guard f >= 0 else { throw AlertLogError("cannot open alert log \(path): \(Self.errno())") }
        // The umask must not make the log world-readable, nor unreadable to the adm group.
        if !existed { fchmod(f, 0o640) }
        fd = f
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw AlertLogError("cannot read \(path): \(Self.errno())") }
        size = Int(st.st_size)
        var last: UInt8 = 0
        if size > 0, pread(fd, &last, 1, off_t(size - 1)) == 1, last != UInt8(ascii: "\n") {
            let keep = LogLinesBackward.wholeLinesLength(fd: fd, size: size)
            guard ftruncate(fd, off_t(keep)) == 0 else { throw AlertLogError("cannot repair torn line in \(path): \(Self.errno())") }
            fsync(fd)
            size = keep
        }
        syncedSize = size
        unsyncedIDs = []
        if logged == nil { logged = learnRecent() }
    }

    /// Closes the file so the next write opens the path anew (after logrotate moved it: SIGUSR1).
    public func reopen() { letGoOfFile() }

    public func deliver(_ record: AlertRecord) async -> DeliveryOutcome {
        do {
            followPath()
            try open()
            if holds(record) { return .delivered }
            var line = try record.jsonLine()
            line.append(UInt8(ascii: "\n"))
            if let limit = options.rotateBytes, size > 0, size + line.count > limit { try rotate() }
            if let reason = writeWhole(line) { return .retry(reason: "writing \(path): \(reason)", after: nil) }
            size += line.count
            unsynced = true
            logged?.append(.init(id: record.id, time: record.time))
            unsyncedIDs.insert(record.id)
            if options.fsync == .line, case .retry(let reason, _) = syncIfNeeded() { return .retry(reason: reason, after: nil) }
            return .delivered
        } catch {
            return .retry(reason: "\(error)", after: nil)
        }
    }

    /// Writes all of `line` or none of it; nil on success, else why (a full disk says
    /// "No space left on device").
    private func writeWhole(_ line: Data) -> String? {
        let start = lseek(fd, 0, SEEK_END)
        if start >= 0, let full = reserve(line.count, at: start) { return full }
        var done = 0
        while done < line.count {
            let n = line.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && Glibc.errno == EINTR { continue }
            guard n > 0 else {
                let reason = n < 0 ? Self.errno() : "no byte written"
                // Where nothing could be reserved (or the disk failed): a reader may have seen
                // the part written, but it must not stay.
                if done > 0, start >= 0 { _ = ftruncate(fd, start) }
                return reason
            }
            done += n
        }
        return nil
    }

    /// Reserves the disk space of `count` bytes at `offset` without changing the file's size
    /// (`FALLOC_FL_KEEP_SIZE`: a reader sees nothing of it), so that the write after it cannot
    /// run out of space. Without the reservation a `write()` on a full disk copies the part of
    /// the line that fits in the file's last block, then fails: the part is there to be read
    /// until it is cut back. Nil when reserved, or when the file cannot reserve (a FIFO, a
    /// filesystem without fallocate): the write goes ahead then. Else why nothing was written.
    private func reserve(_ count: Int, at offset: off_t) -> String? {
        while fallocate(fd, FALLOC_FL_KEEP_SIZE, offset, off_t(count)) != 0 {
            switch Glibc.errno {
            case EINTR: continue
            case ENOSPC, EDQUOT: return Self.errno()
            default: return nil
            }
        }
        return nil
    }

    /// Delivered only if every line this batch wrote is still in the log: a sync that failed
    /// during the batch (rotation, SIGUSR1, `.line`) took its lines back.
    public func flush() async -> DeliveryOutcome {
        let synced: DeliveryOutcome
        if options.fsync == .never {
            // Handed to the kernel, as this policy asks: these lines are delivered, and no later
            // failed sync (rotation, SIGUSR1) may take them back.
            (syncedSize, unsyncedIDs) = (size, [])
            synced = .delivered
        } else {
            synced = syncIfNeeded()
        }
        if let reason = takenBack {
            takenBack = nil
            return .retry(reason: reason, after: nil)
        }
        return synced
    }

    private func syncIfNeeded() -> DeliveryOutcome {
        guard unsynced, fd >= 0 else { return .delivered }
        if sync(fd) != 0 {
            let code = Glibc.errno
            // A pipe, a FIFO or a read-only mount: nothing can be made durable there, and a retry
            // would only write the lines again (EINVAL, EROFS). What was written stands.
            guard code == EINVAL || code == EROFS else {
                return .retry(reason: takeBackUnsynced(because: "fsync \(path): \(String(cString: strerror(code)))"), after: nil)
            }
        }
        unsynced = false
        syncedSize = size
        unsyncedIDs = []
        return .delivered
    }

    /// Cuts the file back to its last good sync and forgets the lines cut off, so the retry writes
    /// them again rather than trusting a later fsync that says 0 without having written them.
    /// A file that cannot be cut (one truncated under us) keeps them: the retry may then write
    /// them twice, which beats losing them. Returns the retry's reason.
    private func takeBackUnsynced(because failure: String) -> String {
        var reason = failure
        var st = stat()
        if fstat(fd, &st) != 0 {
            reason += "; cannot take back the unsynced lines: \(Self.errno()); they may be written twice"
        } else if Int(st.st_size) < syncedSize {
            reason += "; the file shrank under the sink: unsynced lines may be written twice"
        } else if ftruncate(fd, off_t(syncedSize)) != 0 {
            reason += "; cannot take back the unsynced lines: \(Self.errno()); they may be written twice"
        } else {
            size = syncedSize
        }
        // Only lines taken back fail the batch's flush; a failed sync with none leaves it alone.
        if !unsyncedIDs.isEmpty { takenBack = reason }
        logged?.takeBack(unsyncedIDs)
        unsyncedIDs = []
        unsynced = false
        return reason
    }

    /// The log is whatever file `path` names now: a log deleted, or moved away by logrotate
    /// (`create`) with no SIGUSR1 after, would otherwise take every later alert with it,
    /// marked delivered. A log truncated in place (`copytruncate`) is the same file, but
    /// its size is read again so that rotation by size counts what is really there.
    /// The old file is synced as it is let go: a sync that fails takes this batch's lines back
    /// out of it, and `flush()` says retry, so they are written again to the new one.
    private func followPath() {
        guard fd >= 0 else { return }
        var open = stat(), named = stat()
        guard fstat(fd, &open) == 0 else { return }
        if stat(path, &named) != 0 || named.st_dev != open.st_dev || named.st_ino != open.st_ino {
            return letGoOfFile()
        }
        size = Int(open.st_size)
        syncedSize = min(syncedSize, size)
    }

    /// Syncs and closes: a sync that fails takes the unsynced lines back out of the file first.
    private func letGoOfFile() {
        _ = syncIfNeeded()
        close()
    }

    /// `alerts.jsonl` → `.1` → `.2` … the oldest beyond `keep` is removed.
    private func rotate() throws {
        if case .retry(let reason, _) = syncIfNeeded() { throw AlertLogError(reason) }
        close()
        let fm = FileManager.default
        try? fm.removeItem(atPath: "\(path).\(options.keep)")
        for i in stride(from: options.keep - 1, through: 1, by: -1) where fm.fileExists(atPath: "\(path).\(i)") {
            guard rename("\(path).\(i)", "\(path).\(i + 1)") == 0 else { throw AlertLogError("cannot rotate \(path).\(i): \(Self.errno())") }
        }
        guard rename(path, "\(path).1") == 0 else { throw AlertLogError("cannot rotate \(path): \(Self.errno())") }
        // What the sink knows stays known: the lines are in `.1` now.
        try open()
    }

    public func close() {
        if fd >= 0 { Foundation.close(fd); fd = -1 }
    }

    private static func errno() -> String { String(cString: strerror(Glibc.errno)) }
}

public struct AlertLogError: Error, CustomStringConvertible {
    public var description: String
    init(_ d: String) { description = d }
}
