import Fetching
import Foundation
import Testing
import TestSupport

@Suite struct CancellationTests {
    @Test func cancellingTheTaskAbortsAnInFlightFetch() async throws {
        let server = try await LoopbackHTTPServer { _ in .neverAnswers }
        let fetcher = Fetcher()
        defer { fetcher.shutdown(); Task { await server.shutdown() } }
        let task = Task { await fetcher.fetch(FetchRequest(url: "\(server.baseURL)/feed", totalTimeout: 600)) }
        #expect(await eventually { server.requests.count == 1 })
        task.cancel()
        let r = await task.value
        #expect(r.error?.category == .cancelled)
        // The handle left the multi handle and was cleaned up, which closes its connection.
        #expect(await eventually { server.openConnections == 0 })
        #expect(fetcher.openHandles == 0)
    }

    @Test func cancellingAFetchWaitingForItsTurnNeverSendsIt() async throws {
        let server = try await LoopbackHTTPServer { _ in .neverAnswers }
        let fetcher = Fetcher(limits: .init(maxConnectionsPerHost: 1))
        defer { fetcher.shutdown(); Task { await server.shutdown() } }
        let first = Task { await fetcher.fetch(FetchRequest(url: "\(server.baseURL)/first", totalTimeout: 600)) }
        #expect(await eventually { server.requests.count == 1 })
        let second = Task { await fetcher.fetch(FetchRequest(url: "\(server.baseURL)/second", totalTimeout: 600)) }
        second.cancel()
        #expect(await second.value.error?.category == .cancelled)
        first.cancel()
        #expect(await first.value.error?.category == .cancelled)
        #expect(server.requests.map(\.path) == ["/first"])
        #expect(fetcher.openHandles == 0)
    }

    @Test func aFetchFromAnAlreadyCancelledTaskReturnsAtOnce() async throws {
        let server = try await LoopbackHTTPServer { _ in .init(text: "feed") }
        let fetcher = Fetcher()
        defer { fetcher.shutdown(); Task { await server.shutdown() } }
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await fetcher.fetch(FetchRequest(url: "\(server.baseURL)/feed"))
        }
        #expect(await task.value.error?.category == .cancelled)
        #expect(server.requests.isEmpty)
    }

    @Test func shutdownFailsWhatIsInFlight() async throws {
        let server = try await LoopbackHTTPServer { _ in .neverAnswers }
        let fetcher = Fetcher()
        defer { Task { await server.shutdown() } }
        let task = Task { await fetcher.fetch(FetchRequest(url: "\(server.baseURL)/feed", totalTimeout: 600)) }
        #expect(await eventually { server.requests.count == 1 })
        fetcher.shutdown()
        #expect(await task.value.error?.message == "fetcher is shut down")
        #expect(fetcher.openHandles == 0)
        #expect(await fetcher.fetch(FetchRequest(url: "\(server.baseURL)/later")).error?.message == "fetcher is shut down")
    }
}
