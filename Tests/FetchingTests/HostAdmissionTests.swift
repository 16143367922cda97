@testable import Fetching
import Testing

@Suite struct HostAdmissionTests {
    @Test func perHostCapHoldsAndFreesOnFinish() {
        var q = HostAdmission<Int>(perHost: 2, total: 10)
        for i in 0..<5 { q.enqueue(i, host: "a") }
        #expect(q.next()?.item == 0)
        #expect(q.next()?.item == 1)
        #expect(q.next() == nil)
        q.finished(host: "a")
        #expect(q.next()?.item == 2)
        #expect(q.inFlight == 2)
        #expect(q.waiting == 2)
    }

    @Test func totalCapHoldsAcrossHosts() {
        var q = HostAdmission<Int>(perHost: 5, total: 3)
        for i in 0..<4 { q.enqueue(i, host: "h\(i)") }
        #expect([q.next(), q.next(), q.next()].compactMap { $0 }.count == 3)
        #expect(q.next() == nil)
        q.finished(host: "h0")
        #expect(q.next()?.host == "h3")
    }

    @Test func hostsTakeTurns() {
        var q = HostAdmission<String>(perHost: 10, total: 100)
        for i in 0..<3 { q.enqueue("busy\(i)", host: "busy") }
        q.enqueue("quiet", host: "quiet")
        // The quiet host's only feed does not wait behind the busy host's queue.
        #expect((0..<2).compactMap { _ in q.next()?.item } == ["busy0", "quiet"])
    }

    @Test func removingAWaitingItem() {
        var q = HostAdmission<Int>(perHost: 1, total: 10)
        for i in 0..<3 { q.enqueue(i, host: "a") }
        #expect(q.next()?.item == 0)
        #expect(q.remove(host: "a", where: { $0 == 1 }) == 1)
        #expect(q.remove(host: "a", where: { $0 == 0 }) == nil)
        q.finished(host: "a")
        #expect(q.next()?.item == 2)
        #expect(q.waiting == 0)
    }

    @Test func longQueuesStayLinear() {
        var q = HostAdmission<Int>(perHost: 8, total: 8)
        for i in 0..<20_000 { q.enqueue(i, host: "one") }
        var taken = 0
        while let (_, host) = q.next() {
            taken += 1
            q.finished(host: host)
        }
        #expect(taken == 20_000)
        #expect(q.inFlight == 0 && q.waiting == 0)
    }

    @Test func hostKeyIgnoresUserInfoPathAndCase() {
        #expect(hostKey(of: "HTTPS://user:pw@Example.COM:8443/feed?x=1") == "https://example.com:8443")
        #expect(hostKey(of: "http://example.com") == "http://example.com")
        #expect(hostKey(of: "http://example.com#frag") == "http://example.com")
    }
}
