import Fetching
import Foundation

/// What a webhook's response means for the delivery: 2xx delivered (whatever its body); 408 and
/// 429 and everything that is not a 4xx retried (after Retry-After, when
/// sent), and a 429, or a 408 or 503 with Retry-After, pauses the whole sink
/// (`SinkPause`); any other 4xx will never succeed and is dead-lettered at once, and so
/// is a permanent redirect (301, 308): webhooks do not follow redirects, and
/// the receiver says it has moved for good.
enum WebhookResponse {
    static func outcome(_ result: FetchResult, now: Date) -> DeliveryOutcome {
        // A 2xx is the receiver's word that it has the alert, whatever follows it: the body is not read, and a
        // body cut off past the fetcher's limit (or a connection lost in it) was a failure, and the alert was
        // sent about a hundred times and dead-lettered (trial3 finding 3). No redirect is followed, so the
        // status is the receiver's.
        if (200..<300).contains(result.status) { return .delivered }
        let httpCategories: Set<FetchErrorCategory> = [.http4xx, .http5xx, .rateLimited]
        // A 4xx or 5xx whose body then went wrong (past the limit, cut off) is judged by its status too: a 404 or
        // 413 with a large body was retried for a day and dead-lettered as 'too-large', and a 429 so did not pause
        // the sink (review of sinkflood, 2).
        let statusSaysIt = result.status >= 400
        if let error = result.error, result.status == 0 || (!statusSaysIt && !httpCategories.contains(error.category)) {
            if result.status != 0, (300..<400).contains(result.status) {
                // A relative Location ("/hook/", as a framework's slash redirect sends) is said as a whole URL.
                let location = result.headers.location.map { URL(string: $0, relativeTo: URL(string: result.requestURL))?.absoluteString ?? $0 }
                if result.status == 301 || result.status == 308 {
                    return .reject(reason: "HTTP \(result.status): the receiver moved\(location.map { " to \($0)" } ?? "") for good; "
                        + "webhooks do not follow redirects: set the sink's url to where it moved")
                }
                return .retry(reason: "HTTP \(result.status)\(location.map { " (to \($0))" } ?? ""): webhooks do not follow redirects", after: nil)
            }
            return .retry(reason: "\(error.category.rawValue): \(error.message)", after: nil)
        }
        let retryAfter = result.headers.retryAfter?.delay(from: now)
        switch result.status {
        case 200..<300: return .delivered
        // A rate limit, or a receiver that says how long it is out, speaks for every alert of the sink.
        case 429: return .pauseSink(reason: "HTTP 429", after: retryAfter)
        case 408 where retryAfter != nil, 503 where retryAfter != nil: return .pauseSink(reason: "HTTP \(result.status)", after: retryAfter)
        case 408: return .retry(reason: "HTTP 408", after: nil)
        case 400..<500: return .reject(reason: "HTTP \(result.status)")
        default: return .retry(reason: "HTTP \(result.status)", after: retryAfter)
        }
    }
}
