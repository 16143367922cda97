import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tmpfs of a few hundred kilobytes the test mounts, so a file on it can
/// really meet ENOSPC. Mounting needs CAP_SYS_ADMIN (root, as here and in CI).
public final class SmallFilesystem {
    public let path: String
    private var filler: String { path + "/filler" }

    /// Mounts a fresh tmpfs of `bytes`; throws `MountRefused` when the system does not allow it.
    public init(bytes: Int) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smallfs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        guard mount("tmpfs", dir, "tmpfs", 0, "size=\(bytes),mode=0755") == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: dir)
            throw MountRefused(reason: reason)
        }
        path = dir
    }

    public struct MountRefused: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { "cannot mount a tmpfs (\(reason)); run the tests as root to test a full disk" }
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
    }
}
