import CCurl
import Foundation

extension Transfer {
    /// Whether the transfer failed on a connection it reused in a way a stale connection explains, and has not
    /// been sent again yet: a server that sent more bytes than its Content-Length (or a response after its end)
    /// leaves them in the kept-alive connection, and the next request on it, another feed of that server, reads
    /// them as its own answer ("Received HTTP/0.9 when not allowed"), its error streak and broken mark not its own
    /// (trial3 finding 1). Such a request is sent once more, on a connection of its own. Not one with a body (a
    /// webhook's POST): the receiver read it and acted on it before its answer came behind the stale bytes, so a
    /// resend posts it twice to a chat channel that has no Idempotency-Key to go by, and without a word in the
    /// log. It fails, said and retried through the outbox under its key (review of the lead's mends, 13).
    func failedOnAStaleConnection(code: CURLcode) -> Bool {
        guard !sentOnAFreshConnection, request.body == nil, let h = easy,
              code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_WEIRD_SERVER_REPLY else { return false }
        var connects = 0
        return ww_easy_getinfo_long(h, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK && connects == 0
    }

    /// Readies the handle (off the multi handle) to be sent again on a new connection; what was received is dropped.
    func sendAgainOnAFreshConnection() -> Bool {
        guard let h = easy else { return false }
        sentOnAFreshConnection = true
        body = Data()
        headerLines = []
        statuses = []
        bodyTooLarge = false
        offHostRedirect = nil
        hopURL = request.url
        errorBuffer?.update(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        return ww_easy_setopt_long(h, CURLOPT_FRESH_CONNECT, 1) == CURLE_OK
    }
}
