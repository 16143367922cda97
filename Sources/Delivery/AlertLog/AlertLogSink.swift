import CFallocate
import Foundation
import Glibc
import WirewatchCore

/// Appends alerts to a JSON-lines file, exactly once each.
///
/// A crash can fall between the write and the store's "delivered" mark, so a
/// delivery still pending may already be in the log, anywhere in it: a line is
/// written when its delivery succeeds, which can be a day or more after its
/// alert was raised. At its first delivery the sink reads the log and the newest
/// rotated file once, up to `recentBytes` from the end, and keeps where each id's
/// line lies, so a redelivery is a no-op after reading one line, and a new alert
/// is known to be new without reading anything (see `holds`). Each line is written with one `write()` on an
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
        /// How much of the log's end (continuing into `.1`) is read, once, to learn which alerts
        /// it holds: a resend is never written twice when its line lies within it. A crash leaves
        /// unmarked the last delivery batch (`DeliveryWorker.batchLimit` alerts) and, rarely, a
        /// line of a batch that a failed sync made retry; those are near the end. The bound keeps a
        /// log never rotated from being read whole at every start, and the places of its lines from
        /// growing without end: about 32 bytes a line (a hash table of 16-byte buckets, a power of two
        /// of them, at most 3/4 full), and up to twice the lines of `recentBytes` between sweeps:
        /// 16 MiB resident for the default 256 MiB of ~540-byte lines (measured), up to 32 MiB.
        public var recentBytes: Int

        public init(fsync: FsyncPolicy = .batch, rotateBytes: Int? = nil, keep: Int = 5, recentBytes: Int = 256 << 20) {
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
    /// Other daemons may write the log too (they share the outbox of a PostgreSQL store): it is not locked.
    public nonisolated let sharedWriters: Bool
    private(set) var fd: Int32 = -1
    var size = 0
    private var unsynced = false
    /// The file's size at its last good fsync (or at open): what a failed one cuts it back to.
    var syncedSize = 0
    /// The alerts whose lines were written after `syncedSize`.
    private var unsyncedIDs: Set<String> = []
    /// Why lines delivered since the last `flush()` were taken back: that flush says retry.
    private var takenBack: String?
    /// fsync(2); a test stands a failing disk in for it.
    private let sync: @Sendable (Int32) -> Int32
    /// What the log and `.1` hold, kept across rotation and reopening.
    var logged = LoggedAlerts()
    /// Whether `logged` has read the files (at the first delivery, and again after they changed under the sink).
    var learnt = false
    /// The file whose lines `logged` knows as the log's (not `.1`'s).
    var learntFile: FileIdentity?
    /// Bytes of log read to learn what it holds, and when looking for a line.
    public internal(set) var bytesRead = 0

    public init(id: String, path: String, options: Options = Options(), sharedWriters: Bool = false) {
        self.init(id: id, path: path, options: options, sharedWriters: sharedWriters, sync: { fsync($0) })
    }

    init(id: String, path: String, options: Options = Options(), sharedWriters: Bool = false, sync: @escaping @Sendable (Int32) -> Int32) {
        self.id = id
        self.path = path
        self.options = options
        self.sharedWriters = sharedWriters
        self.sync = sync
    }

    public func start() async throws { try open() }
    public func stop() async { letGoOfFile() }

    /// Opens the log and repairs a torn tail; what it holds is learnt at the first delivery (`holds`).
    public func open() throws {
        guard fd < 0 else { return }
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let existed = FileManager.default.fileExists(atPath: path)
        let f = Foundation.open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        guard f >= 0 else { throw AlertLogError("cannot open alert log \(path): \(Self.errno())") }
        // The umask must not make the log world-readable, nor unreadable to the adm group.
        if !existed { fchmod(f, 0o640) }
        if let database = SQLiteFileMagic.kind(fd: f) {
            Foundation.close(f)
            throw AlertLogError("alert log \(path) is \(database), not an alert log (the store's path?); give the alert-log sink a file of its own")
        }
        // One writer: a second daemon given the same log wrote every alert a second time, unseen (exploratory finding
        // of stop 33). Held while the file is open (`lock`). Daemons sharing a PostgreSQL store share their outbox's
        // claims, and may share a log (`sharedWriters`).
        if !sharedWriters, !Self.lock(f) {
            Foundation.close(f)
            throw AlertLogError("alert log \(path) is being written by another process (another wirewatch daemon?); give each daemon a log of its own")
        }
        fd = f
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw AlertLogError("cannot read \(path): \(Self.errno())") }
        // `size` is still the size the file had when it was let go (`close()` keeps it): a file
        // emptied in place (`copytruncate`, `: > alerts.jsonl`) is the same file, only shorter.
        let shrankFrom = Int(st.st_size) < size ? size : nil
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
        followFiles(FileIdentity(st), shrankFrom: shrankFrom)
    }

    /// Takes the log's lock; false when another open file holds it. A lock can outlive its `close()` for a moment:
    /// a process forked between this sink's `open` and `close` shares the open file until it runs its program (the
    /// descriptor is close-on-exec). A sink opened again right after (reload, restart of a sink) waits that out
    /// rather than refuse its own log (the test process, spawning daemons, met it in CI). A filesystem without
    /// locks (ENOLCK) is written unlocked.
    static func lock(_ fd: Int32, waiting: Duration = .seconds(2)) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + waiting
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            switch Glibc.errno {
            case EINTR: continue
            case EWOULDBLOCK where clock.now < deadline: usleep(20_000)
            case EWOULDBLOCK: return false
            default: return true
            }
        }
        return true
    }

    public func deliver(_ record: AlertRecord) async -> DeliveryOutcome {
        do {
            followPath()
            try open()
            if holds(record) { return .delivered }
            var line = try record.jsonLine()
            line.append(UInt8(ascii: "\n"))
            if let limit = options.rotateBytes, size > 0, size + line.count > limit { try rotate() }
            if let reason = writeWhole(line) { return .retry(reason: "writing \(path): \(reason)", after: nil) }
            logged.append(record.id, at: size, keeping: options.recentBytes)
            size += line.count
            unsynced = true
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

    func syncIfNeeded() -> DeliveryOutcome {
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
        logged.takeBack(unsyncedIDs)
        unsyncedIDs = []
        unsynced = false
        return reason
    }

    public func close() {
        if fd >= 0 { Foundation.close(fd); fd = -1 }
    }

    static func errno() -> String { String(cString: strerror(Glibc.errno)) }
}

public struct AlertLogError: Error, CustomStringConvertible {
    public var description: String
    init(_ d: String) { description = d }
}
