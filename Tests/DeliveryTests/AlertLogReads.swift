@testable import Delivery
import Foundation

/// The follower's reads collected into arrays, for tests that drive them one step at a time.
extension AlertLogCursor {
    mutating func advance(_ fd: Int32) -> [Data] {
        var lines: [Data] = []
        advance(fd) { lines.append($0) }
        return lines
    }
}

extension AlertLogFollower.OpenLog {
    func advance() -> [Data] {
        var lines: [Data] = []
        advance { lines.append($0) }
        return lines
    }

    /// Nil while the path names the open file (or nothing).
    func followPath() -> [Data]? {
        var lines: [Data] = []
        return followPath { lines.append($0) } ? lines : nil
    }
}
