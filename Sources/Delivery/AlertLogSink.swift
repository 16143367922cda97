import Foundation
import WirewatchCore

/// Appends alerts to a JSON-lines file, exactly once each.
///
/// A crash can fall between the write and the store's "delivered" mark; at
/// open the sink reads the ids already in the log so a redelivery is a no-op.
/// A torn last line (a crash mid-write) is cut off at open: each line is
/// written with one `write()`, so only the last can be torn.
public actor AlertLogSink: AlertSink {
    public nonisolated let id: String
    public nonisolated let path: String
    private var fd: Int32 = -1
    private var written: Set<String> = []

    public init(id: String, path: String) {
        self.id = id
        self.path = path
    }

    public func start() async throws { try open() }
    public func stop() async { close() }

    /// Opens the log, repairs a torn tail and learns which alerts it holds.
    public func open() throws {
        guard fd < 0 else { return }
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let f = Foundation.open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        guard f >= 0 else { throw AlertLogError("cannot open alert log \(path): \(String(cString: strerror(errno)))") }
        fd = f
        let data = FileManager.default.contents(atPath: path) ?? Data()
        var keep = data.count
        if let last = data.last, last != UInt8(ascii: "\n") {
            keep = (data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
            guard ftruncate(fd, off_t(keep)) == 0 else { throw AlertLogError("cannot repair torn line in \(path): \(String(cString: strerror(errno)))") }
        }
        for line in data.prefix(keep).split(separator: UInt8(ascii: "\n")) {
            if let r = try? AlertRecord.decode(line: Data(line)) { written.insert(r.id) }
        }
    }

    public func deliver(_ record: AlertRecord) async -> DeliveryOutcome {
        do {
            try open()
            if written.contains(record.id) { return .delivered }
            var line = try record.jsonLine()
            line.append(UInt8(ascii: "\n"))
            let n = line.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            guard n == line.count else {
                let reason = n < 0 ? String(cString: strerror(errno)) : "short write (\(n) of \(line.count) bytes)"
                // Never leave half a line behind.
                if n > 0, let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int {
                    _ = ftruncate(fd, off_t(size - n))
                }
                return .retry(reason: "writing \(path): \(reason)", after: nil)
            }
            fsync(fd)
            written.insert(record.id)
            return .delivered
        } catch {
            return .retry(reason: "\(error)", after: nil)
        }
    }

    public func close() {
        if fd >= 0 { Foundation.close(fd); fd = -1 }
    }
}

public struct AlertLogError: Error, CustomStringConvertible {
    public var description: String
    init(_ d: String) { description = d }
}
