import FeedParsing
import Foundation
import Testing

@Suite struct FeedDateTests {
    static let t = Date(timeIntervalSince1970: 1_738_137_600) // 2025-01-29T08:00:00Z

    @Test(arguments: [
        "Wed, 29 Jan 2025 08:00:00 GMT", "29 Jan 2025 08:00:00 +0000", "Wed, 29 Jan 2025 03:00:00 EST",
        "Wed, 29 Jan 25 08:00 GMT", "2025-01-29T08:00:00Z", "2025-01-29T09:00:00+01:00", "2025-01-29T08:00:00.250Z",
        "2025-01-29 08:00:00Z",
    ])
    func readsCommonForms(_ s: String) {
        #expect(FeedDate.parse(s) == Self.t)
    }

    @Test(arguments: ["", "yesterday", "Wed, 32 Foo 2025", "2025-13-45T99:00:00Z"])
    func unreadableIsNil(_ s: String) {
        #expect(FeedDate.parse(s) == nil)
    }
}
