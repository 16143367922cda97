import CCurl
import Foundation

extension Transfer {
    /// Creates and configures the easy handle; on failure the transfer is already finished.
    func prepare(userAgent: String, handles: HandleCount) -> UnsafeMutableRawPointer? {
        guard let h = openHandle(counting: handles) else {
            finish(error: FetchError(.protocol, "curl_easy_init failed"))
            return nil
        }
        let me = Unmanaged.passUnretained(self).toOpaque()
        let r = request
        var codes: [CURLcode] = []
        func set(_ code: CURLcode) { codes.append(code) }

        set(ww_easy_setopt_string(h, CURLOPT_URL, r.url))
        set(ww_easy_setopt_pointer(h, CURLOPT_PRIVATE, me))
        set(ww_easy_setopt_pointer(h, CURLOPT_ERRORBUFFER, errorBuffer))
        set(ww_easy_setopt_long(h, CURLOPT_NOSIGNAL, 1))
        // A feed may read a local file only when it says so; a redirect never may.
        set(ww_easy_setopt_string(h, CURLOPT_PROTOCOLS_STR, r.allowFile ? "http,https,file" : "http,https"))
        set(ww_easy_setopt_string(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
        set(ww_easy_setopt_long(h, CURLOPT_FOLLOWLOCATION, 1))
        set(ww_easy_setopt_long(h, CURLOPT_MAXREDIRS, r.maxRedirects))
        // "" asks for every encoding this libcurl decodes: gzip, deflate, br, zstd here.
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
        if let ca = r.proxyCAFile { set(ww_easy_setopt_string(h, CURLOPT_PROXY_CAINFO, ca)) }
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
        // The config refuses a header of two lines, but a value read from the environment or a
        // credential file reaches here unchecked: a line break would write another header (or a body).
        if let name = headers.first(where: { FetchRequest.breaksHeaderLine($0.key) || FetchRequest.breaksHeaderLine($0.value) })?.key {
            finish(error: FetchError(.protocol, "header \(FetchRequest.breaksHeaderLine(name) ? name.debugDescription : name) must be one line"))
            return nil
        }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            // "Name:" with nothing after it removes a header libcurl would add.
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
            return t.receiveHeader(ptr, size * count) ? size * count : 0
        })
        if let bad = codes.first(where: { $0 != CURLE_OK }) {
            finish(error: FetchError(.protocol, "libcurl rejected an option for \(r.url): \(String(cString: curl_easy_strerror(bad)))"))
            return nil
        }
        return h
    }
}
