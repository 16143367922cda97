import Fetching
import Foundation
import Testing
import TestSupport

@Suite struct RateLimitTests {
    static let fetcher = Fetcher()

    static func fetch(status: Int, headers: [(String, String)]) async throws -> FetchResult {
        let server = try await LoopbackHTTPServer { _ in .init(status: status, headers: headers, text: "slow down") }
        defer { Task { await server.shutdown() } }
        return await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/feed"))
    }

    @Test func tooManyRequestsWithSeconds() async throws {
        let r = try await Self.fetch(status: 429, headers: [("Retry-After", "120")])
        #expect(r.error?.category == .rateLimited)
        #expect(r.headers.retryAfter == .seconds(120))
    }

    @Test func tooManyRequestsWithAnHTTPDate() async throws {
        let r = try await Self.fetch(status: 429, headers: [("Retry-After", "Wed, 21 Oct 2037 07:28:00 GMT")])
        #expect(r.error?.category == .rateLimited)
        #expect(r.headers.retryAfter == .date(Date(timeIntervalSince1970: 2_139_722_880)))
    }

    @Test func unavailableWithRetryAfterIsRateLimited() async throws {
        let r = try await Self.fetch(status: 503, headers: [("Retry-After", "30")])
        #expect(r.error?.category == .rateLimited)
        #expect(r.headers.retryAfter?.delay(from: Date()) == 30)
    }

    @Test func unavailableWithoutRetryAfterIsAServerError() async throws {
        let r = try await Self.fetch(status: 503, headers: [])
        #expect(r.error?.category == .http5xx)
        #expect(r.headers.retryAfter == nil)
    }

    @Test func freshnessIsClampedToSaneBounds() async throws {
        let year = try await Self.fetch(status: 200, headers: [("Cache-Control", "public, max-age=31536000")])
        #expect(year.headers.cacheControlMaxAge == 31_536_000)
        #expect(year.headers.freshness == 86_400)
        let seconds = try await Self.fetch(status: 200, headers: [("Date", "Wed, 29 Jan 2025 08:00:00 GMT"),
                                                                  ("Expires", "Wed, 29 Jan 2025 08:00:05 GMT")])
        #expect(seconds.headers.freshness == 60)
        let tenMinutes = try await Self.fetch(status: 200, headers: [("Cache-Control", "max-age=600"),
                                                                     ("Expires", "Thu, 01 Jan 1970 00:00:00 GMT")])
        #expect(tenMinutes.headers.freshness == 600)
    }

    /// no-cache and no-store: nothing is reused unasked, so no poll is put back for the max-age beside them
    /// ("no-cache, max-age=3600" put polls an hour apart: exploratory finding of stop 31).
    @Test(arguments: ["no-cache, max-age=3600", "max-age=3600, No-Store", "private, no-cache"])
    func aResponseThatMayNotBeReusedGivesNoFreshness(_ cacheControl: String) async throws {
        let r = try await Self.fetch(status: 200, headers: [("Cache-Control", cacheControl), ("Date", "Wed, 29 Jan 2025 08:00:00 GMT"),
                                                            ("Expires", "Wed, 29 Jan 2025 09:00:00 GMT")])
        #expect(r.headers.mustAskAgain)
        #expect(r.headers.freshness == nil)
    }
}
