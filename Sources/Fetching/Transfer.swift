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

    func receiveHeader(_ ptr: UnsafeMutablePointer<CChar>?, _ n: Int) {
        guard let ptr, n > 0 else { return }
        let line = String(decoding: UnsafeRawBufferPointer(start: ptr, count: n), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            // A new response begins (after a redirect or a 100): only the last one's headers count.
            let parts = line.split(separator: " ", maxSplits: 2)
            statuses.append(parts.count > 1 ? Int(parts[1]) ?? 0 : 0)
            headerLines.removeAll()
            body.removeAll()
        } else if let colon = line.firstIndex(of: ":") {
            headerLines.append((String(line[..<colon].trimmed), String(line[line.index(after: colon)...].trimmed)))
        }
    }
}

extension Substring {
    /// Without the ASCII blanks and line ends around it (cheaper than Foundation's trimming).
    var trimmed: Substring {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return "" }
        return self[first...last]
    }
}
