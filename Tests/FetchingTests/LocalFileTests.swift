import Fetching
import Foundation
import Testing
import TestSupport

/// A `file:` feed whose file cannot be read fails as `file`, with the system's reason: libcurl says
/// only "Couldn't open file PATH" (and reads a directory as an empty body), which was filed as a
/// `protocol` failure, the category of a server breaking HTTP.
@Suite struct LocalFileTests {
    static let fetcher = Fetcher()

    @Test func aMissingFileIsAFileFailureSaidWhy() async throws {
        let dir = try TemporaryDirectory()
        let r = await Self.fetcher.fetch(FetchRequest(url: "file://\(dir.path)/world.xml", allowFile: true))
        #expect(r.error == FetchError(.file, "\(dir.path)/world.xml: No such file or directory"))
    }

    @Test func aFileOnTheWayIsAFileFailureSaidWhy() async throws {
        let dir = try TemporaryDirectory()
        try Data("<rss/>".utf8).write(to: dir.url.appendingPathComponent("feeds"))
        let r = await Self.fetcher.fetch(FetchRequest(url: "file://\(dir.path)/feeds/world.xml", allowFile: true))
        #expect(r.error == FetchError(.file, "\(dir.path)/feeds/world.xml: Not a directory"))
    }

    /// `wirewatch check` refuses a directory; one put there after the daemon started is said at the poll.
    @Test func aDirectoryIsAFileFailureNotAnEmptyFeed() async throws {
        let dir = try TemporaryDirectory()
        let r = await Self.fetcher.fetch(FetchRequest(url: "file://\(dir.path)", allowFile: true))
        #expect(r.error == FetchError(.file, "\(dir.path) is a directory; a file: url names a feed file"))
        #expect(r.body.isEmpty)
    }

    /// Root reads any file, so this can only be shown as another user.
    @Test(.enabled(if: getuid() != 0)) func anUnreadableFileIsAFileFailureSaidWhy() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/world.xml"
        try Data("<rss/>".utf8).write(to: URL(fileURLWithPath: path))
        #expect(chmod(path, 0) == 0)
        let r = await Self.fetcher.fetch(FetchRequest(url: "file://\(path)", allowFile: true))
        #expect(r.error == FetchError(.file, "\(path): Permission denied"))
    }

    @Test func aReadableFileIsRead() async throws {
        let dir = try TemporaryDirectory()
        try Data("<rss/>".utf8).write(to: dir.url.appendingPathComponent("world.xml"))
        let r = await Self.fetcher.fetch(FetchRequest(url: "file://\(dir.path)/world.xml", allowFile: true))
        #expect(r.error == nil)
        #expect(r.body == Data("<rss/>".utf8))
    }
}
