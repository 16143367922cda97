import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A filesystem of a few hundred kilobytes the test mounts, so a file on it can
/// really meet ENOSPC. Mounting needs CAP_SYS_ADMIN (root, as here and in CI).
public final class SmallFilesystem {
    public enum Kind: Sendable {
        case tmpfs
        /// On a loop device: a filesystem that cannot reserve space (fallocate says EOPNOTSUPP).
        case ext2
    }

    public let path: String
    private let image: String?
    private var filler: String { path + "/filler" }

    /// Mounts a fresh filesystem of `bytes`; throws `MountRefused` when the system does not allow it.
    /// `makeReadOnly()` then makes it read-only (tmpfs).
    public init(bytes: Int, kind: Kind = .tmpfs) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smallfs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var refused: String?
        switch kind {
        case .tmpfs:
            image = nil
            if mount("tmpfs", dir, "tmpfs", 0, "size=\(bytes),mode=0755") != 0 { refused = String(cString: strerror(errno)) }
        case .ext2:
            image = dir + ".img"
            _ = FileManager.default.createFile(atPath: dir + ".img", contents: nil)
            if truncate(dir + ".img", off_t(bytes)) != 0 { refused = String(cString: strerror(errno)) }
            refused = refused ?? Self.run("/sbin/mkfs.ext2", ["-q", "-F", "-b", "4096", dir + ".img"]) ?? Self.run("/bin/mount", ["-o", "loop", dir + ".img", dir])
        }
        if let refused {
            try? FileManager.default.removeItem(atPath: dir)
            if let image { try? FileManager.default.removeItem(atPath: image) }
            throw MountRefused(reason: refused)
        }
        path = dir
    }

    /// Nil when `tool` ran and exited 0, else why not.
    private static func run(_ tool: String, _ arguments: [String]) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return "\(tool): \(error)" }
        p.waitUntilExit()
        return p.terminationStatus == 0 ? nil : "\(tool) \(arguments.joined(separator: " ")) exited \(p.terminationStatus)"
    }

    public struct MountRefused: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { "cannot mount a small filesystem (\(reason)); run the tests as root to test a full disk" }
    }

    /// Remounts it read-only (tmpfs), keeping what was put in it: links into writable places, say.
    public func makeReadOnly() throws {
        if mount("tmpfs", path, "tmpfs", UInt(MS_REMOUNT | MS_RDONLY), nil) != 0 { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    /// Writes a filler file until the filesystem has no byte left.
    public func fill() throws {
        let fd = open(filler, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        for size in [65536, 4096, 1] {
            let chunk = [UInt8](repeating: 0x2E, count: size)
            while chunk.withUnsafeBytes({ write(fd, $0.baseAddress, size) }) == size {}
        }
    }

    /// Space returns.
    public func free() { unlink(filler) }

    deinit {
        umount2(path, Int32(MNT_DETACH))
        try? FileManager.default.removeItem(atPath: path)
        if let image { try? FileManager.default.removeItem(atPath: image) }
    }
}
