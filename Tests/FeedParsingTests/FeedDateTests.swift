import FeedParsing
import Foundation
import Testing

@Suite struct FeedDateTests {
    static let t = Date(timeIntervalSince1970: 1_738_137_600) // 2025-01-29T08:00:00Z

    @Test(arguments: [
        // RFC 822 / 1123 and their deviations
        "Wed, 29 Jan 2025 08:00:00 GMT", "29 Jan 2025 08:00:00 +0000", "Wed, 29 Jan 2025 03:00:00 EST",
        "Wed, 29 Jan 25 08:00 GMT", "Wed,29 Jan 2025 08:00:00 GMT", "Wed, 29 Jan 2025 08:00:00 UT",
        "Wed, 29 Jan 2025 08:00:00 Z", "Wed, 29 Jan 2025 00:00:00 PST", "Wed, 29 Jan 2025 01:00:00 PDT",
        "Wed, 29 Jan 2025 09:00:00 CET", "Wed, 29 Jan 2025 17:00:00 JST", "Wed, 29 Jan 2025 13:30:00 IST",
        "Wed, 29 Jan 2025 09:00:00 +01:00", "Wed, 29 Jan 2025 09:00:00 +01", "Wed, 29 Jan 2025 08:00:00",
        "Wed,  29  Jan  2025  08:00:00  GMT", "wed, 29 jan 2025 08:00:00 gmt", "Wednesday, 29 January 2025 08:00:00 GMT",
        "Wednesday, 29-Jan-25 08:00:00 GMT", "Wed Jan 29 08:00:00 2025", "29 Jan 2025 08:00 GMT",
        "Wed, 29 Jan 2025 8:00:00 GMT", "Wed, 29 Jan 2025 08:00:00 GMT+0000", "Wed, 29 Jan. 2025 08:00:00 GMT",
        "Wed, 29 Jan 2025 08:00:00 A", "Jan 29 2025 08:00:00 GMT", "Wed, 29 Jan 2025 08:00 AM GMT",
        "Wed, 29 Jan 2025 02:00:00 -0600", "Wed, 29 Jan 2025 10:00:00 EET",
        // ISO 8601 / RFC 3339 / W3C-DTF
        "2025-01-29T08:00:00Z", "2025-01-29T09:00:00+01:00", "2025-01-29T08:00:00.250Z", "2025-01-29 08:00:00Z",
        "2025-01-29T08:00Z", "2025-01-29t08:00:00z", "2025-01-29T09:00:00+0100", "2025-01-29T09:00:00+01",
        "2025-01-29T03:00:00-05:00", "2025-01-29T08:00:00-00:00", "20250129T080000Z", "2025-01-29T08:00:00 +00:00",
        "2025-01-29T08:00:00.123456789Z", "2025/01/29 08:00:00", "2025-01-29T08:00:00 GMT", "  2025-01-29T08:00:00Z  ",
    ])
    func readsCommonForms(_ s: String) {
        #expect(FeedDate.parse(s) == Self.t)
    }

    @Test(arguments: [
        ("2025-01-29", 1_738_108_800.0), ("2025-01", 1_735_689_600.0), ("2025", 1_735_689_600.0),
        ("Wed, 29 Jan 1997 08:00:00 GMT", 854_524_800.0), ("Wed, 29 Jan 97 08:00:00 GMT", 854_524_800.0),
        ("Thu, 29 Feb 2024 12:00:00 GMT", 1_709_208_000.0), ("2025-01-29T24:00:00Z", 1_738_195_200.0),
        ("Wed, 29 Jan 2025 08:00:00 PM GMT", 1_738_180_800.0),
    ])
    func readsPartialAndEdgeForms(_ s: String, _ seconds: Double) {
        #expect(FeedDate.parse(s) == Date(timeIntervalSince1970: seconds))
    }

    @Test(arguments: [
        "", "yesterday", "Wed, 32 Foo 2025", "2025-13-45T99:00:00Z", "Fri, 30 Feb 2024 08:00:00 GMT", "2025-02-29",
        "now", "29 Jan", "2025-01-29T08:00:00Zjunk", "0000-00-00 00:00:00", "Wed, 29 Jan 2025 25:00:00 GMT", "12345",
        String(repeating: "9", count: 200),
    ])
    func unreadableIsNil(_ s: String) {
        #expect(FeedDate.parse(s) == nil)
    }
}
