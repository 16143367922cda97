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

    @Test func manyFetchesCancelledAtRandomMomentsAllReturnAndLeakNothing() async throws {
        // Every third fetch asks for a response that never comes, so its cancellation is
        // certain to land while it is queued or in flight, however loaded the machine is.
        let server = try await LoopbackHTTPServer { req in
            req.path.hasPrefix("/stuck/") ? .neverAnswers : .init(body: Data("feed".utf8), delivery: .whole, delay: 0.01)
        }
        let fetcher = Fetcher(limits: .init(maxConnectionsPerHost: 8))
        defer { fetcher.shutdown(); Task { await server.shutdown() } }
        let tasks = (0..<300).map { i in
            Task { await fetcher.fetch(FetchRequest(url: "\(server.baseURL)/\(i % 3 == 0 ? "stuck" : "feed")/\(i)", totalTimeout: 600)) }
        }
        for (i, task) in tasks.enumerated() where i % 3 == 0 {
            if i % 2 == 0 { await Task.yield() }
            task.cancel()
        }
        var outcomes: [String: Int] = [:]
        for task in tasks {
            let r = await task.value
            outcomes[r.error?.category.rawValue ?? "\(r.status)", default: 0] += 1
        }
        #expect(outcomes == ["200": 200, "cancelled": 100], "\(outcomes)")
        #expect(fetcher.openHandles == 0)
    }
}
