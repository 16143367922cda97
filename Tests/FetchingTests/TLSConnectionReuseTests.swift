import Fetching
import Foundation
import Testing
import TestSupport

/// One fetcher serves every feed, and libcurl keeps connections alive between
/// them: a connection that a feed with `tls_verify: false` opened must never
/// carry a fetch for a feed that verifies.
@Suite struct TLSConnectionReuseTests {
    @Test(.enabled(if: NginxTLSServer.available, "needs nginx (bench/fetch/run.sh installs it)"))
    func anUnverifiedConnectionIsNotReusedForAVerifiedFetch() async throws {
        let fetcher = Fetcher()
        defer { fetcher.shutdown() }
        let server = try await NginxTLSServer { port in "listen 127.0.0.1:\(port) ssl; location / { return 200 \"<rss/>\"; }" }
        let url = "https://127.0.0.1:\(server.port)/feed.xml"
        let unverified = try #require(await server.fetch(FetchRequest(url: url, verifyTLS: false), with: fetcher))
        #expect(unverified.error == nil, "\(String(describing: unverified.error)) \(server.process.stderr)")
        let verified = await fetcher.fetch(FetchRequest(url: url))
        #expect(verified.error?.category == .tls, "\(String(describing: verified.error))")
    }
}
