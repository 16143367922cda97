import Foundation
import Synchronization

/// A fresh directory under the system's temporary directory. The caller
/// removes it (`defer`), or holds a `TemporaryDirectory`, which does; else it
/// goes when the test process exits. Not sooner: a test's install is often a
/// local, which Swift may release as soon as it is last used, while a child
/// process given its path still runs; at exit, every test has stopped its own.
public func makeTemporaryDirectory(_ label: String = "wirewatch") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    removedAtExit.withLock { $0.append(url) }
    return url
}

/// Every directory `makeTemporaryDirectory` made, removed at the process's exit
/// (Swift Testing ends by calling exit()); those already removed are skipped.
private let removedAtExit: Mutex<[URL]> = {
    atexit {
        for url in removedAtExit.withLock({ $0 }) { try? FileManager.default.removeItem(at: url) }
    }
    return Mutex([])
}()

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
