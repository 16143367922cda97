import Foundation

/// A fresh directory under the system's temporary directory. The caller
/// removes it (`defer`), or holds a `TemporaryDirectory`, which does.
public func makeTemporaryDirectory(_ label: String = "wirewatch") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A fresh temporary directory, removed with all it holds when the last
/// reference to it goes. Held by a test suite's instance (Swift Testing makes
/// one per test), it lasts exactly the test; a local may go as soon as it is
/// last used, before a child process that was given its path is done with it.
public final class TemporaryDirectory: Sendable {
    public let url: URL
    public var path: String { url.path }

    public init(_ label: String = "wirewatch") throws { url = try makeTemporaryDirectory(label) }

    deinit { try? FileManager.default.removeItem(at: url) }
}
