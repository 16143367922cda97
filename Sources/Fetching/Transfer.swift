import CCurl
import Foundation

/// One transfer's state. Created by `fetch`, then owned by the fetcher's thread:
/// it gets an easy handle only when admitted, libcurl's callbacks reach it
/// through their user-data pointer, and its continuation is resumed exactly once.
final class Transfer {
    let id: UInt64
    /// The politeness key its caps count against (see `hostKey(of:)`).
    let host: String
    let request: FetchRequest
    private let continuation: CheckedContinuation<FetchResult, Never>
    private var resumed = false
    private(set) var easy: UnsafeMutableRawPointer?
    private var handles: HandleCount?
    var slist: UnsafeMutablePointer<curl_slist>?
    var errorBuffer: UnsafeMutablePointer<CChar>?
    var body = Data()
    var headerLines: [(name: String, value: String)] = []
    /// Status code of each response seen, redirects included.
    var statuses: [Int] = []
    var bodyTooLarge = false
    /// Where the response being read was asked of: the request's URL, then each redirect's target.
    lazy var hopURL = request.url
    /// The redirect not followed for `keepsCredentialsOnHost`: where it pointed.
    var offHostRedirect: String?
    /// Sent again on a connection of its own after a stale one failed it (`failedOnAStaleConnection`).
    var sentOnAFreshConnection = false

    init(id: UInt64, host: String, request: FetchRequest, continuation: CheckedContinuation<FetchResult, Never>) {
        self.id = id
        self.host = host
        self.request = request
        self.continuation = continuation
    }

    deinit { close() }

    /// Takes a fresh easy handle, counted in `handles` until `close()`.
    func openHandle(counting handles: HandleCount) -> UnsafeMutableRawPointer? {
        guard let h = curl_easy_init() else { return nil }
        easy = h
        self.handles = handles
        handles.value.add(1, ordering: .relaxed)
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        buffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer = buffer
        return h
    }

    /// Frees the easy handle and what libcurl borrowed from this transfer.
    /// Call after `curl_multi_remove_handle`; safe to call more than once.
    func close() {
        if let easy {
            curl_easy_cleanup(easy)
            handles?.value.subtract(1, ordering: .relaxed)
        }
        easy = nil
        body = Data()
        if let slist { curl_slist_free_all(slist) }
        slist = nil
        errorBuffer?.deallocate()
        errorBuffer = nil
    }

    /// Frees the handle, then hands the result to the waiting caller; later calls are ignored.
    /// The handle must already be off the multi handle.
    func resume(with result: FetchResult) {
        guard !resumed else { return }
        resumed = true
        close()
        continuation.resume(returning: result)
    }

    /// Finishes a transfer without a response: refused, cancelled or shut down.
    func finish(error: FetchError) {
        resume(with: FetchResult(
            requestURL: request.url, finalURL: request.url, status: 0, headers: ResponseHeaders(),
            body: Data(), redirects: [], timings: .init(), error: error))
    }

    func receiveBody(_ ptr: UnsafeMutablePointer<CChar>?, _ n: Int) -> Int {
        // MAXFILESIZE only acts on a Content-Length, and counts compressed bytes;
        // this cap holds without one and counts what the body inflates to.
        if body.count + n > request.maxBodyBytes {
            bodyTooLarge = true
            return 0
        }
        if let ptr { body.append(UnsafeRawPointer(ptr).assumingMemoryBound(to: UInt8.self), count: n) }
        return n
    }

    /// Returns false to stop the transfer: a redirect that would take the request's credentials to another host.
    func receiveHeader(_ ptr: UnsafeMutablePointer<CChar>?, _ n: Int) -> Bool {
        guard let ptr, n > 0 else { return true }
        // Bytes, not Strings: only the few headers a poller reads become Strings.
        let line = UnsafeBufferPointer(start: UnsafeRawPointer(ptr).assumingMemoryBound(to: UInt8.self), count: n)
        if n > 5, line[0] == 0x48, line[1] == 0x54, line[2] == 0x54, line[3] == 0x50, line[4] == 0x2F {  // "HTTP/"
            // A new response begins (after a redirect or a 100): only the last one's headers count.
            var status = 0
            if let space = line.firstIndex(of: 0x20) {
                for c in line[(space + 1)...].prefix(3) where c >= 0x30 && c <= 0x39 { status = status * 10 + Int(c - 0x30) }
            }
            statuses.append(status)
            headerLines.removeAll()
            body.removeAll()
        } else if let colon = line.firstIndex(of: 0x3A) {
            let name = line[..<colon].trimmingBlanks
            guard ResponseHeaders.isRead(name) else { return true }
            let value = String(decoding: line[(colon + 1)...].trimmingBlanks, as: UTF8.self)
            headerLines.append((String(decoding: name, as: UTF8.self), value))
            if let status = statuses.last, (300..<400).contains(status), name.count == 8,
               name.lazy.map({ $0 | 0x20 }).elementsEqual("location".utf8) {
                return follows(value)
            }
        }
        return true
    }

    /// Whether the redirect to `location` may be followed; libcurl follows it when it is.
    private func follows(_ location: String) -> Bool {
        guard let target = URL(string: location, relativeTo: URL(string: hopURL))?.absoluteURL else { return true }
        if request.keepsCredentialsOnHost, let here = URL(string: request.url) {
            let otherHost = target.host?.lowercased() != here.host?.lowercased()
            let downgraded = here.scheme?.lowercased() == "https" && target.scheme?.lowercased() == "http"
            if otherHost || downgraded {
                offHostRedirect = target.absoluteString
                return false
            }
        }
        hopURL = target.absoluteString
        return true
    }
}

extension Slice where Base == UnsafeBufferPointer<UInt8> {
    /// Without the ASCII blanks and line ends around it.
    var trimmingBlanks: Slice {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return self[startIndex..<startIndex] }
        return self[first...last]
    }
}
