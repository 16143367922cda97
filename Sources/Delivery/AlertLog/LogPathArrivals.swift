import Foundation
import Glibc

/// Counts the files that come to be at the alert log's path (created there, or moved there) and
/// notices any change to the rotated files (`alerts.jsonl.1` …), through inotify on the log's
/// directory. A follower looks at the files only now and then; a log rotated several times between
/// two looks leaves files that were born and deleted in between, which nothing on disk shows
/// afterwards. The count of arrivals says how many there were (`AlertLogFollower.OpenLog`).
public final class LogPathArrivals {
    /// What happened since the last `take()`.
    struct Seen: Equatable {
        /// Files that came to be at the path; nil when that cannot be told (`unknown` says why).
        var arrivals: Int?
        /// Whether anything happened to the log or its rotated files (a file created, moved or deleted).
        var moved: Bool
        /// Why `arrivals` is nil.
        var unknown: String?
    }

    private let directory: String
    private let name: String
    private let fd: Int32
    private var watched = false
    /// Why the arrivals since the last `take()` cannot be counted, or nil.
    private(set) var unknown: String?

    public init(path: String) {
        let dir = (path as NSString).deletingLastPathComponent
        directory = dir.isEmpty ? "." : dir
        name = (path as NSString).lastPathComponent
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if fd < 0 { unknown = "inotify: \(String(cString: strerror(errno)))" } else { watch() }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Whether what happens from now on is counted.
    var counting: Bool { watched && unknown == nil }

    /// What happened since the last call. A count that cannot be trusted (the directory was not
    /// watched for part of the time, the kernel's queue overflowed) is nil for this call; counting
    /// starts again from here when the directory can be watched.
    func take() -> Seen {
        var seen = Seen(arrivals: 0, moved: false)
        if fd >= 0 {
            var buffer = [UInt8](repeating: 0, count: 64 << 10)
            while true {
                let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { break }
                note(events: buffer[0..<n], into: &seen)
            }
        }
        if let unknown {
            seen = Seen(arrivals: nil, moved: seen.moved, unknown: unknown)
            if fd >= 0, watched || watch() { self.unknown = nil }
        }
        return seen
    }

    private func note(events bytes: ArraySlice<UInt8>, into seen: inout Seen) {
        var at = bytes.startIndex
        let header = 16  // int wd; uint32_t mask, cookie, len; then len bytes of name
        while at + header <= bytes.endIndex {
            let (mask, length) = bytes.withUnsafeBytes { raw in
                (raw.loadUnaligned(fromByteOffset: at - bytes.startIndex + 4, as: UInt32.self),
                 Int(raw.loadUnaligned(fromByteOffset: at - bytes.startIndex + 12, as: UInt32.self)))
            }
            let eventName = String(decoding: bytes[(at + header)..<min(bytes.endIndex, at + header + length)].prefix { $0 != 0 },
                                   as: UTF8.self)
            at += header + length
            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                unknown = "more changes in \(directory) than inotify keeps"
            } else if mask & UInt32(IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF) != 0 {
                watched = false
                unknown = "\(directory) was removed or moved"
            } else if eventName == name || eventName.hasPrefix(name + ".") {
                seen.moved = true
                if eventName == name, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { seen.arrivals? += 1 }
            }
        }
    }

    /// Watches the directory; false (and why in `unknown`) when it cannot.
    @discardableResult
    private func watch() -> Bool {
        let mask = UInt32(IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF)
        watched = inotify_add_watch(fd, directory, mask) >= 0
        if !watched { unknown = "cannot watch \(directory): \(String(cString: strerror(errno)))" }
        return watched
    }
}
