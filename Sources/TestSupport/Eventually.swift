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

/// Polls until `progress()` reaches `target`; false only when it has not moved for `stall` seconds.
/// For a test of many quick steps (thousands of waits): on a loaded machine they can take minutes in
/// all, which a fixed deadline would call a failure, but a step that never ends stops the count for good.
public func reaches(_ target: Int, stallingAtMost stall: TimeInterval = 30, every interval: TimeInterval = 0.05,
                    _ progress: () async throws -> Int) async rethrows -> Bool {
    var last = try await progress(), moved = Date()
    while last < target {
        try? await Task.sleep(nanoseconds: UInt64(interval * 1e9))
        let now = try await progress()
        if now != last { (last, moved) = (now, Date()) } else if Date().timeIntervalSince(moved) > stall { return false }
    }
    return true
}
