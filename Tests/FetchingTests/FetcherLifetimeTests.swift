@testable import Fetching
import Foundation
import Testing
import TestSupport

@Suite struct FetcherLifetimeTests {
    @Test func aDroppedFetcherEndsItsThread() async throws {
        let server = try await LoopbackHTTPServer { _ in .init(text: "feed") }
        defer { Task { await server.shutdown() } }
        weak var dropped: Fetcher?
        weak var sharedWithThread: FetchInbox?
        do {
            let fetcher = Fetcher()
            dropped = fetcher
            sharedWithThread = fetcher.inbox
            #expect(await fetcher.fetch(FetchRequest(url: "\(server.baseURL)/feed")).status == 200)
        }
        #expect(dropped == nil)
        // The thread lets go of what it shares with callers only when its loop has ended.
        #expect(await eventually(timeout: 30) { sharedWithThread == nil })
    }
}
