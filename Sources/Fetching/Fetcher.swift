import CCurl
import Foundation
import WirewatchCore

/// HTTP over one libcurl multi handle, driven by a thread of its own.
/// `fetch` may be called from any task; only `curl_multi_wakeup` (documented
/// as thread-safe) crosses from callers to the fetcher's thread.
public final class Fetcher: @unchecked Sendable {
    public struct Limits: Sendable {
        public var maxConnectionsPerHost: Int
        public var maxConnections: Int
        public var userAgent: String
        public init(maxConnectionsPerHost: Int = 6, maxConnections: Int = 256,
                    userAgent: String = WirewatchVersion.userAgent) {
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.maxConnections = maxConnections
            self.userAgent = userAgent
        }
    }

    private static let globalInit: Void = { _ = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    private let multi: UnsafeMutableRawPointer
    private let limits: Limits
    private let lock = NSLock()
    private var incoming: [Transfer] = []
    private var stopping = false
    private let stopped = DispatchSemaphore(value: 0)

    public init(limits: Limits = Limits()) {
        _ = Fetcher.globalInit
        multi = curl_multi_init()
        self.limits = limits
        _ = ww_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, limits.maxConnectionsPerHost)
        _ = ww_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, limits.maxConnections)
        _ = ww_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        let thread = Thread { [self] in runLoop() }
        thread.name = "wirewatch-fetcher"
        thread.start()
    }

    deinit {
        curl_multi_cleanup(multi)
    }

    public func fetch(_ request: FetchRequest) async -> FetchResult {
        await withCheckedContinuation { continuation in
            let transfer = Transfer(request: request, continuation: continuation)
            let accepted = lock.withLock { () -> Bool in
                if stopping { return false }
                incoming.append(transfer)
                return true
            }
            if accepted {
                curl_multi_wakeup(multi)
            } else {
                transfer.finish(error: FetchError(.protocol, "fetcher is shut down"))
            }
        }
    }

    /// Fails what is in flight and stops the thread. Later fetches fail at once.
    public func shutdown() {
        let first = lock.withLock { () -> Bool in
            defer { stopping = true }
            return !stopping
        }
        guard first else { return }
        curl_multi_wakeup(multi)
        stopped.wait()
    }

    private func runLoop() {
        var active: [UnsafeMutableRawPointer: Transfer] = [:]
        var running: Int32 = 0
        while true {
            let (batch, stop) = lock.withLock { () -> ([Transfer], Bool) in
                defer { incoming.removeAll() }
                return (incoming, stopping)
            }
            if stop {
                for t in batch { t.finish(error: FetchError(.protocol, "fetcher is shut down")) }
                for (easy, t) in active {
                    curl_multi_remove_handle(multi, easy)
                    t.finish(error: FetchError(.protocol, "fetcher is shut down"))
                }
                stopped.signal()
                return
            }
            for t in batch {
                guard let easy = t.prepare(userAgent: limits.userAgent) else { continue }
                active[easy] = t
                curl_multi_add_handle(multi, easy)
            }
            curl_multi_perform(multi, &running)
            var left: Int32 = 0
            while let msg = curl_multi_info_read(multi, &left) {
                guard msg.pointee.msg == CURLMSG_DONE, let easy = msg.pointee.easy_handle else { continue }
                let code = ww_msg_result(msg)
                curl_multi_remove_handle(multi, easy)
                if let t = active.removeValue(forKey: easy) { t.complete(code: code) }
            }
            var numfds: Int32 = 0
            curl_multi_poll(multi, nil, 0, 1000, &numfds)
        }
    }
}
