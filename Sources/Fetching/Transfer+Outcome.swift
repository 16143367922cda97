import CCurl
import Foundation

extension Transfer {
    /// Called on the fetcher's thread once libcurl reports the transfer done.
    func complete(code: CURLcode) {
        guard let h = easy else {
            return finish(error: FetchError(.protocol, "transfer completed without a handle"))
        }
        var status = 0, version = 0
        var effective: UnsafeMutablePointer<CChar>?
        var total: curl_off_t = 0, connect: curl_off_t = 0, firstByte: curl_off_t = 0
        _ = ww_easy_getinfo_long(h, CURLINFO_RESPONSE_CODE, &status)
        _ = ww_easy_getinfo_long(h, CURLINFO_HTTP_VERSION, &version)
        _ = ww_easy_getinfo_string(h, CURLINFO_EFFECTIVE_URL, &effective)
        _ = ww_easy_getinfo_off(h, CURLINFO_TOTAL_TIME_T, &total)
        _ = ww_easy_getinfo_off(h, CURLINFO_CONNECT_TIME_T, &connect)
        _ = ww_easy_getinfo_off(h, CURLINFO_STARTTRANSFER_TIME_T, &firstByte)
        let finalURL = effective.map { String(cString: $0) } ?? request.url
        let headers = ResponseHeaders(lines: headerLines)
        let redirects = statuses.dropLast().filter { (300..<400).contains($0) }
        let timings = FetchResult.Timings(total: Double(total) / 1e6, connect: Double(connect) / 1e6,
                                          firstByte: Double(firstByte) / 1e6)
        let error = classify(code: code, status: status, retryAfter: headers.retryAfter)
        resume(with: FetchResult(
            requestURL: request.url, finalURL: finalURL, status: status, headers: headers,
            body: error == nil ? body : Data(), redirects: Array(redirects), timings: timings, error: error,
            httpVersion: Self.versionNames[version] ?? ""))
    }

    private static let versionNames: [Int: String] = [
        CURL_HTTP_VERSION_1_0: "1.0", CURL_HTTP_VERSION_1_1: "1.1",
        CURL_HTTP_VERSION_2_0: "2", CURL_HTTP_VERSION_3: "3",
    ]

    private func classify(code: CURLcode, status: Int, retryAfter: RetryAfter?) -> FetchError? {
        let detail = errorBuffer.flatMap { $0.pointee != 0 ? String(cString: $0) : nil }
            ?? String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_OK:
            break
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return FetchError(.dns, detail)
        case CURLE_COULDNT_CONNECT:
            return FetchError(.connect, detail)
        case CURLE_OPERATION_TIMEDOUT:
            return FetchError(.timeout, detail)
        case CURLE_FILESIZE_EXCEEDED:
            return FetchError(.tooLarge, "body larger than \(request.maxBodyBytes) bytes: \(detail)")
        case CURLE_WRITE_ERROR where offHostRedirect != nil:
            return FetchError(.protocol, "redirected to \(offHostRedirect ?? "") and not followed: the feed's credentials (a login or a secret header) "
                              + "go only to the host of its url; if the feed moved there, write the new url in the config")
        case CURLE_WRITE_ERROR where bodyTooLarge:
            return FetchError(.tooLarge, "body larger than \(request.maxBodyBytes) bytes")
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE:
            return FetchError(.tls, detail)
        case CURLE_FILE_COULDNT_READ_FILE:
            return FetchError(.file, LocalFile.problem(url: request.url) ?? detail)
        case CURLE_OUT_OF_MEMORY:
            // libcurl 7.88 says "Out of memory" for a response whose headers pass its 100 KB limit, which read as
            // though the daemon had run out of memory.
            return FetchError(.protocol, "response headers too large (libcurl takes at most 100 KB of them), or libcurl ran out of memory: \(detail)")
        case CURLE_TOO_MANY_REDIRECTS:
            return FetchError(.protocol, "more than \(request.maxRedirects) redirects: \(detail)")
        default:
            return FetchError(.protocol, detail)
        }
        if body.isEmpty, request.allowFile, let problem = LocalFile.problem(url: request.url) {
            return FetchError(.file, problem)
        }
        switch status {
        case 429:
            return FetchError(.rateLimited, "HTTP 429 Too Many Requests")
        case 503 where retryAfter != nil:
            return FetchError(.rateLimited, "HTTP 503 Service Unavailable with Retry-After")
        case 400..<500:
            return FetchError(.http4xx, "HTTP \(status)")
        case 500..<600:
            return FetchError(.http5xx, "HTTP \(status)")
        case 206:
            // The fetcher asks for no range: a part of a document, parsed as the whole, read as a feed cut short or
            // with entries missing, without a word (exploratory finding of stop 31). An unknown 2xx (299) is a 200, as
            // RFC 9110 says.
            return FetchError(.protocol, "HTTP 206 Partial Content to a request that asked for no range: the body is only a part of the document")
        case 304 where !request.isConditional:
            // Not an answer to a request that asked nothing be validated (a misconfigured cache or CDN): taken for
            // "nothing new", the feed read as healthy with no article, for ever (trial3 finding 16).
            return FetchError(.protocol, "HTTP 304 Not Modified to a request without If-None-Match or If-Modified-Since")
        case 300..<400 where status != 304:
            return FetchError(.protocol, "HTTP \(status) redirect without a usable Location")
        case 600...:
            // LinkedIn's 999 "request denied", a 600: no status HTTP defines, and no feed to read as one.
            return FetchError(.protocol, "HTTP \(status) is no status HTTP defines")
        default:
            return nil
        }
    }
}
