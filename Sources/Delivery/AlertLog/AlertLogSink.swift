import Foundation
import Glibc
import WirewatchCore

/// Appends alerts to a JSON-lines file, exactly once each.
///
/// A crash can fall between the write and the store's "delivered" mark; at
/// open the sink reads the ids already in the log (and in the newest rotated
/// file) so a redelivery is a no-op. Each line is written with one `write()`
/// on an `O_APPEND` descriptor, so only the last line can be torn, and a torn
/// last line is cut off at open.
public actor AlertLogSink: AlertSink {
    public struct Options: Sendable, Hashable {
        public var fsync: FsyncPolicy
        /// Rotate before a line would take the file past this size; nil leaves rotation to logrotate.
        public var rotateBytes: Int?
        /// Rotated files kept: `alerts.jsonl.1` (newest) … `alerts.jsonl.N`.
        public var keep: Int

        public init(fsync: FsyncPolicy = .batch, rotateBytes: Int? = nil, keep: Int = 5) {
            self.fsync = fsync; self.rotateBytes = rotateBytes; self.keep = max(1, keep)
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
    private var written: Set<String> = []

    public init(id: String, path: String, options: Options = Options()) {
        self.id = id
        self.path = path
        self.options = options
    }

    public func start() async throws { try open() }
    public func stop() async { _ = syncIfNeeded(); close() }

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
        let data = FileManager.default.contents(atPath: path) ?? Data()
        var keep = data.count
        if let last = data.last, last != UInt8(ascii: "\n") {
            keep = (data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
            guard ftruncate(fd, off_t(keep)) == 0 else { throw AlertLogError("cannot repair torn line in \(path): \(Self.errno())") }
            fsync(fd)
        }
        size = keep
        learnIDs(data.prefix(keep))
        if let rotated = FileManager.default.contents(atPath: path + ".1") { learnIDs(rotated) }
    }

    private func learnIDs(_ data: Data) {
        for line in data.split(separator: UInt8(ascii: "\n")) {
            if let r = try? JSONDecoder().decode(IDOnly.self, from: Data(line)) { written.insert(r.id) }
        }
    }

    private struct IDOnly: Decodable { var id: String }

    /// Closes the file so the next write opens the path anew (after logrotate moved it: SIGUSR1).
    public func reopen() {
        _ = syncIfNeeded()
        close()
    }

    public func deliver(_ record: AlertRecord) async -> DeliveryOutcome {
        do {
            try open()
            if written.contains(record.id) { return .delivered }
            var line = try record.jsonLine()
            line.append(UInt8(ascii: "\n"))
            if let limit = options.rotateBytes, size > 0, size + line.count > limit { try rotate() }
            if let reason = writeWhole(line) { return .retry(reason: "writing \(path): \(reason)", after: nil) }
            size += line.count
            unsynced = true
            if options.fsync == .line, case .retry(let reason, _) = syncIfNeeded() { return .retry(reason: reason, after: nil) }
            written.insert(record.id)
            return .delivered
        } catch {
            return .retry(reason: "\(error)", after: nil)
        }
    }

    /// Writes all of `line` or none of it; nil on success, else why (a full disk says
    /// "No space left on device": a short write is followed by one that fails with the reason).
    private func writeWhole(_ line: Data) -> String? {
        let start = lseek(fd, 0, SEEK_END)
        var done = 0
        while done < line.count {
            let n = line.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && Glibc.errno == EINTR { continue }
            guard n > 0 else {
                let reason = n < 0 ? Self.errno() : "no byte written"
                // Never leave half a line behind.
                if done > 0, start >= 0 { _ = ftruncate(fd, start) }
                return reason
            }
            done += n
        }
        return nil
    }

    public func flush() async -> DeliveryOutcome {
        options.fsync == .never ? .delivered : syncIfNeeded()
    }

    private func syncIfNeeded() -> DeliveryOutcome {
        guard unsynced, fd >= 0 else { return .delivered }
        guard fsync(fd) == 0 else { return .retry(reason: "fsync \(path): \(Self.errno())", after: nil) }
        unsynced = false
        return .delivered
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
        // Ids of the file just rotated stay known; only older ones are forgotten.
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
