import CCurl
import Foundation
import Synchronization
import WirewatchCore

/// HTTP over one libcurl multi handle, driven by a thread of its own.
/// `fetch` may be called from any task; callers only append to an inbox under
/// a lock and call `curl_multi_wakeup` (documented as thread-safe). Every
/// libcurl call on a transfer happens on the fetcher's thread.
public final class Fetcher: @unchecked Sendable {
    public struct Limits: Sendable {
        /// Transfers in flight to one host (scheme, name and port) at a time.
        public var maxConnectionsPerHost: Int
        /// Transfers in flight at a time, all hosts together.
        public var maxConnections: Int
        public var userAgent: String
        public init(maxConnectionsPerHost: Int = 6, maxConnections: Int = 256,
                    userAgent: String = WirewatchVersion.userAgent) {
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.maxConnections = maxConnections
            self.userAgent = userAgent
        }
    }

    /// What the caller side hands to the fetcher's thread, in order.
    enum Event {
        case add(Transfer)
        case cancel(UInt64, host: String)
    }

    private static let globalInit: Void = { _ = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    let multi: UnsafeMutableRawPointer
    let limits: Limits
    private let lock = NSLock()
    private var inbox: [Event] = []
    private var stopping = false
    private let stopped = DispatchSemaphore(value: 0)
    private let lastID = Atomic<UInt64>(0)
    let handles = HandleCount()

    public init(limits: Limits = Limits()) {
        _ = Fetcher.globalInit
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
        let thread = Thread { [self] in
            FetchLoop(fetcher: self).run()
            stopped.signal()
        }
        thread.name = "wirewatch-fetcher"
        thread.start()
    }

    deinit {
        curl_multi_cleanup(multi)
    }

    /// Libcurl handles alive right now (transfers in flight); 0 when idle.
    public var openHandles: Int { handles.value.load(ordering: .relaxed) }

    /// Fetches one URL. Cancelling the calling task aborts the transfer and
    /// returns at once with a `.cancelled` error.
    public func fetch(_ request: FetchRequest) async -> FetchResult {
        let ticket = FetchTicket(id: lastID.add(1, ordering: .relaxed).newValue, host: hostKey(of: request.url))
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                submit(Transfer(id: ticket.id, host: ticket.host, request: request, continuation: continuation), ticket: ticket)
            }
        } onCancel: {
            cancel(ticket)
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

    /// Called by the loop: the events since the last call, and whether to stop.
    func takeInbox() -> ([Event], Bool) {
        lock.withLock {
            defer { inbox.removeAll(keepingCapacity: true) }
            return (inbox, stopping)
        }
    }

    // The ticket's lock is held while the event is posted, so a cancel is
    // always posted after the transfer it cancels.
    private func submit(_ transfer: Transfer, ticket: FetchTicket) {
        var wake = false
        let refusal = ticket.state.withLock { state -> FetchError? in
            if state.cancelled { return FetchError(.cancelled, "cancelled before it started") }
            guard let first = post(.add(transfer)) else { return FetchError(.protocol, "fetcher is shut down") }
            state.submitted = true
            wake = first
            return nil
        }
        if let refusal { transfer.finish(error: refusal) }
        if wake { curl_multi_wakeup(multi) }
    }

    private func cancel(_ ticket: FetchTicket) {
        let wake = ticket.state.withLock { state -> Bool in
            state.cancelled = true
            guard state.submitted else { return false }
            return post(.cancel(ticket.id, host: ticket.host)) ?? false
        }
        if wake { curl_multi_wakeup(multi) }
    }

    /// Appends to the inbox; nil once stopping, else whether the loop needs a wakeup.
    /// Only the event that finds the inbox empty wakes it: the loop takes the whole
    /// inbox at once, so later events ride on that wakeup (one syscall, not one each).
    private func post(_ event: Event) -> Bool? {
        lock.withLock {
            if stopping { return nil }
            inbox.append(event)
            return inbox.count == 1
        }
    }
}

/// Links a `fetch` call to its transfer, for cancellation from another thread.
final class FetchTicket: Sendable {
    let id: UInt64
    let host: String
    let state = Mutex<(submitted: Bool, cancelled: Bool)>((false, false))
    init(id: UInt64, host: String) { self.id = id; self.host = host }
}

/// Live libcurl easy handles, to show that each is cleaned up.
final class HandleCount: Sendable {
    let value = Atomic<Int>(0)
}
