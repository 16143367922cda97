import Fetching
import Foundation
import Testing

@Suite struct HTTPDateTests {
    static let nov6 = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT

    @Test(arguments: ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
                      "Sun, 06 Nov 1994 09:49:37 +0100"])
    func acceptsTheFormsRFC9110Names(_ text: String) {
        #expect(HTTPDate.parse(text) == Self.nov6)
    }

    @Test func rejectsWhatIsNotADate() {
        for text in ["", "soon", "Sun, 06 Nov 1994", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:00:00 GMT"] {
            #expect(HTTPDate.parse(text) == nil, "\(text)")
        }
    }

    @Test func formatsIMFFixdate() {
        #expect(HTTPDate.format(Self.nov6) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 951_782_400)) == "Tue, 29 Feb 2000 00:00:00 GMT")
    }

    @Test func retryAfterIsBoundedToADay() {
        let now = Date(timeIntervalSince1970: 0)
        #expect(RetryAfter(headerValue: "120")?.boundedDelay(from: now) == 120)
        // Digits past what an Int holds are the longest wait, not none (the server was polled as if it had said nothing).
        #expect(RetryAfter(headerValue: "9223372036854775808")?.boundedDelay(from: now) == 86_400)
        #expect(RetryAfter(headerValue: "99999999999999999999999")?.boundedDelay(from: now) == 86_400)
        #expect(RetryAfter(headerValue: "-5") == nil && RetryAfter(headerValue: "12a") == nil)
        #expect(RetryAfter(headerValue: "Fri, 01 Jan 2100 00:00:00 GMT")?.boundedDelay(from: now) == 86_400)
        #expect(RetryAfter(headerValue: "Thu, 01 Jan 1970 00:00:00 GMT")?.boundedDelay(from: Date(timeIntervalSince1970: 50)) == 0)
        #expect(RetryAfter(headerValue: "-5") == nil)
    }
}
