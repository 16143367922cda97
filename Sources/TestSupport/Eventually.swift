import Foundation

/// Polls `condition` until it holds or `timeout` passes; never a fixed sleep.
/// Returns whether the condition held.
public func eventually(timeout: TimeInterval = 30, every interval: TimeInterval = 0.05,
                       _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(nanoseconds: UInt64(interval * 1e9))
    }
    return try await condition()
}

/// The repository's root, found from this source file's location.
public let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
