import CCurl
import Foundation
import WirewatchCore

/// One transfer's state, owned by the fetcher's thread from `curl_multi_add_handle`
/// until completion; libcurl's callbacks reach it through their user-data pointer.
final class Transfer {
    let request: FetchRequest
    private let continuation: CheckedContinuation<FetchResult, Never>
    private(set) var easy: UnsafeMutableRawPointer?
    private var slist: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    private var body = Data()
    private var headerLines: [(name: String, value: String)] = []
    /// Status code of each response seen, redirects included.
    private var statuses: [Int] = []
    private var bodyTooLarge = false

    init(request: FetchRequest, continuation: CheckedContinuation<FetchResult, Never>) {
        self.request = request
        self.continuation = continuation
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        if let easy { curl_easy_cleanup(easy) }
        if let slist { curl_slist_free_all(slist) }
        errorBuffer.deallocate()
    }

    /// Creates and configures the easy handle; on failure the transfer is already finished.
    func prepare(userAgent: String) -> UnsafeMutableRawPointer? {
        guard let h = curl_easy_init() else {
            finish(error: FetchError(.protocol, "curl_easy_init failed"))
            return nil
        }
        easy = h
        let me = Unmanaged.passUnretained(self).toOpaque()
        let r = request
        var codes: [CURLcode] = []
        func set(_ code: CURLcode) { codes.append(code) }

        set(ww_easy_setopt_string(h, CURLOPT_URL, r.url))
        set(ww_easy_setopt_pointer(h, CURLOPT_PRIVATE, me))
        set(ww_easy_setopt_pointer(h, CURLOPT_ERRORBUFFER, errorBuffer))
        set(ww_easy_setopt_long(h, CURLOPT_NOSIGNAL, 1))
        set(ww_easy_setopt_string(h, CURLOPT_PROTOCOLS_STR, r.allowFile ? "http,https,file" : "http,https"))
        set(ww_easy_setopt_string(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
        set(ww_easy_setopt_long(h, CURLOPT_FOLLOWLOCATION, 1))
        set(ww_easy_setopt_long(h, CURLOPT_MAXREDIRS, r.maxRedirects))
        set(ww_easy_setopt_string(h, CURLOPT_ACCEPT_ENCODING, ""))
        set(ww_easy_setopt_long(h, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS)))
        set(ww_easy_setopt_long(h, CURLOPT_CONNECTTIMEOUT_MS, Int(r.connectTimeout * 1000)))
        set(ww_easy_setopt_long(h, CURLOPT_TIMEOUT_MS, Int(r.totalTimeout * 1000)))
        set(ww_easy_setopt_long(h, CURLOPT_LOW_SPEED_LIMIT, r.lowSpeedBytes))
        set(ww_easy_setopt_long(h, CURLOPT_LOW_SPEED_TIME, r.lowSpeedSeconds))
        set(ww_easy_setopt_off(h, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(r.maxBodyBytes)))
        set(ww_easy_setopt_string(h, CURLOPT_USERAGENT, userAgent))
        set(ww_easy_setopt_long(h, CURLOPT_SSL_VERIFYPEER, r.verifyTLS ? 1 : 0))
        set(ww_easy_setopt_long(h, CURLOPT_SSL_VERIFYHOST, r.verifyTLS ? 2 : 0))
        set(ww_easy_setopt_long(h, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1))
        if let body = r.body {
            // COPYPOSTFIELDS copies the bytes, so the Data need not outlive this call.
            set(ww_easy_setopt_off(h, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            set(body.withUnsafeBytes { ww_easy_setopt_pointer(h, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!)) })
        }
        if r.method != "GET" && !(r.method == "POST" && r.body != nil) {
            set(ww_easy_setopt_string(h, CURLOPT_CUSTOMREQUEST, r.method))
        }
        if r.method != "GET" {
            // A webhook is not retried through redirects: a 3xx is reported as it is.
            set(ww_easy_setopt_long(h, CURLOPT_FOLLOWLOCATION, 0))
        }
        if let proxy = r.proxy { set(ww_easy_setopt_string(h, CURLOPT_PROXY, proxy)) }
        if let auth = r.basicAuth {
            set(ww_easy_setopt_long(h, CURLOPT_HTTPAUTH, 1 /* CURLAUTH_BASIC, a macro Swift cannot import */))
            set(ww_easy_setopt_string(h, CURLOPT_USERNAME, auth.user))
            set(ww_easy_setopt_string(h, CURLOPT_PASSWORD, auth.password))
        }

        var headers = r.headers
        if let etag = r.etag { headers["If-None-Match"] = etag }
        if let lm = r.lastModified { headers["If-Modified-Since"] = lm }
        // No "Expect: 100-continue" round trip before a webhook body.
        if r.body != nil, headers["Expect"] == nil { headers["Expect"] = "" }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            // "Name;" is libcurl's way to send a header with an empty value; "Name:" removes it.
            slist = curl_slist_append(slist, value.isEmpty ? "\(name):" : "\(name): \(value)")
        }
        if let slist { set(ww_easy_setopt_slist(h, CURLOPT_HTTPHEADER, slist)) }

        set(ww_easy_setopt_pointer(h, CURLOPT_WRITEDATA, me))
        set(ww_easy_setopt_datacb(h, CURLOPT_WRITEFUNCTION) { ptr, size, count, user in
            let t = Unmanaged<Transfer>.fromOpaque(user!).takeUnretainedValue()
            return t.receiveBody(ptr, size * count)
        })
        set(ww_easy_setopt_pointer(h, CURLOPT_HEADERDATA, me))
        set(ww_easy_setopt_datacb(h, CURLOPT_HEADERFUNCTION) { ptr, size, count, user in
            let t = Unmanaged<Transfer>.fromOpaque(user!).takeUnretainedValue()
            t.receiveHeader(ptr, size * count)
            return size * count
        })
        if let bad = codes.first(where: { $0 != CURLE_OK }) {
            finish(error: FetchError(.protocol, "libcurl rejected an option for \(r.url): \(String(cString: curl_easy_strerror(bad)))"))
            return nil
        }
        return h
    }

    private func receiveBody(_ ptr: UnsafeMutablePointer<CChar>?, _ n: Int) -> Int {
        // MAXFILESIZE only acts on a Content-Length; this cap holds without one.
        if body.count + n > request.maxBodyBytes {
            bodyTooLarge = true
            return 0
        }
        if let ptr { body.append(UnsafeRawPointer(ptr).assumingMemoryBound(to: UInt8.self), count: n) }
        return n
    }

    private func receiveHeader(_ ptr: UnsafeMutablePointer<CChar>?, _ n: Int) {
        guard let ptr else { return }
        let bytes = UnsafeRawBufferPointer(start: ptr, count: n)
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            // A new response begins (after a redirect): only the last one's headers count.
            let parts = line.split(separator: " ")
            statuses.append(parts.count > 1 ? Int(parts[1]) ?? 0 : 0)
            headerLines.removeAll()
            body.removeAll()
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
            let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            headerLines.append((name, value))
        }
    }

    /// Called on the fetcher's thread once libcurl reports the transfer done.
    func complete(code: CURLcode) {
        guard let h = easy else { return }
        var status = 0
        var effective: UnsafeMutablePointer<CChar>?
        var total: curl_off_t = 0, connect: curl_off_t = 0, firstByte: curl_off_t = 0
        _ = ww_easy_getinfo_long(h, CURLINFO_RESPONSE_CODE, &status)
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
        continuation.resume(returning: FetchResult(
            requestURL: request.url, finalURL: finalURL, status: status, headers: headers,
            body: error == nil ? body : Data(), redirects: Array(redirects), timings: timings, error: error))
    }

    /// Finishes a transfer that never reached libcurl.
    func finish(error: FetchError) {
        continuation.resume(returning: FetchResult(
            requestURL: request.url, finalURL: request.url, status: 0, headers: ResponseHeaders(),
            body: Data(), redirects: [], timings: .init(), error: error))
    }

    private func classify(code: CURLcode, status: Int, retryAfter: RetryAfter?) -> FetchError? {
        let detail = errorBuffer.pointee != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
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
            return FetchError(.tooLarge, "body larger than \(request.maxBodyBytes) bytes")
        case CURLE_WRITE_ERROR where bodyTooLarge:
            return FetchError(.tooLarge, "body larger than \(request.maxBodyBytes) bytes")
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE:
            return FetchError(.tls, detail)
        case CURLE_TOO_MANY_REDIRECTS:
            return FetchError(.protocol, "more than \(request.maxRedirects) redirects: \(detail)")
        default:
            return FetchError(.protocol, detail)
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
        case 300..<400 where status != 304:
            return FetchError(.protocol, "HTTP \(status) redirect without a usable Location")
        default:
            return nil
        }
    }
}
