import CCurl
import Foundation
import Synchronization

/// What callers and the fetcher's thread share: the multi handle (callers only
/// wake it, with the thread-safe `curl_multi_wakeup`) and a locked inbox of
/// transfers and cancellations. The thread holds this, not the `Fetcher`, so a
/// `Fetcher` that is dropped without `shutdown()` still stops its thread.
final class FetchInbox: @unchecked Sendable {
    /// What the caller side hands to the fetcher's thread, in order.
    enum Event {
        case add(Transfer)
        case cancel(UInt64, host: String)
    }

    private static let globalInit: Void = { _ = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    let multi: UnsafeMutableRawPointer
    let limits: Fetcher.Limits
    let handles = HandleCount()
    private let lock = NSLock()
    private var events: [Event] = []
    private var stopping = false
    private let stopped = DispatchSemaphore(value: 0)

    init(limits: Fetcher.Limits) {
        _ = Self.globalInit
        multi = curl_multi_init()
        self.limits = limits
        // The loop admits transfers under these caps itself; libcurl's own caps
        // also hold a redirect to another host to them.
        _ = ww_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, limits.maxConnectionsPerHost)
        _ = ww_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, limits.maxConnections)
        _ = ww_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        // Idle connections kept for reuse: libcurl's default grows with the handles
        // ever added, and an idle TLS connection holds tens of kilobytes.
        _ = ww_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, limits.maxConnections)
    }

    /// Runs on the fetcher's thread until `stop`, then frees the multi handle.
    func runLoop() {
        FetchLoop(inbox: self).run()
        curl_multi_cleanup(multi)
        stopped.signal()
    }

    /// Called by the loop: the events since the last call, and whether to stop.
    func take() -> ([Event], Bool) {
        lock.withLock {
            defer { events.removeAll(keepingCapacity: true) }
            return (events, stopping)
        }
    }

    /// Appends an event; nil once stopping, else whether the loop needs a wakeup.
    /// Only the event that finds the inbox empty wakes it: the loop takes the whole
    /// inbox at once, so later events ride on that wakeup (one syscall, not one each).
    func post(_ event: Event) -> Bool? {
        lock.withLock {
            if stopping { return nil }
            events.append(event)
            return events.count == 1
        }
    }

    func wake() { curl_multi_wakeup(multi) }

    /// Asks the loop to fail what is in flight and end; `waiting` blocks until it has.
    func stop(waiting: Bool) {
        let first = lock.withLock { () -> Bool in
            defer { stopping = true }
            return !stopping
        }
        guard first else { return }
        wake()
        if waiting { stopped.wait() }
    }
}

/// Live libcurl easy handles, to show that each is cleaned up.
final class HandleCount: Sendable {
    let value = Atomic<Int>(0)
}
