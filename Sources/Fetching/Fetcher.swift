import CCurl
import Foundation
import Synchronization
import WirewatchCore

/// HTTP over one libcurl multi handle, driven by a thread of its own.
/// `fetch` may be called from any task; callers only append to an inbox under
/// a lock and call `curl_multi_wakeup` (documented as thread-safe). Every
/// libcurl call on a transfer happens on the fetcher's thread.
public final class Fetcher: Sendable {
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

    let inbox: FetchInbox
    private let lastID = Atomic<UInt64>(0)

    public init(limits: Limits = Limits()) {
        inbox = FetchInbox(limits: limits)
        let thread = Thread { [inbox] in inbox.runLoop() }
        thread.name = "wirewatch-fetcher"
        thread.start()
    }

    /// A fetcher dropped without `shutdown()` still ends its thread and frees libcurl's handles.
    deinit {
        inbox.stop(waiting: false)
    }

    /// Libcurl handles alive right now (transfers in flight); 0 when idle.
    public var openHandles: Int { inbox.handles.value.load(ordering: .relaxed) }

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
        inbox.stop(waiting: true)
    }

    // The ticket's lock is held while the event is posted, so a cancel is
    // always posted after the transfer it cancels.
    private func submit(_ transfer: Transfer, ticket: FetchTicket) {
        var wake = false
        let refusal = ticket.state.withLock { state -> FetchError? in
            if state.cancelled { return FetchError(.cancelled, "cancelled before it started") }
            guard let first = inbox.post(.add(transfer)) else { return FetchError(.protocol, "fetcher is shut down") }
            state.submitted = true
            wake = first
            return nil
        }
        if let refusal { transfer.finish(error: refusal) }
        if wake { inbox.wake() }
    }

    private func cancel(_ ticket: FetchTicket) {
        let wake = ticket.state.withLock { state -> Bool in
            state.cancelled = true
            guard state.submitted else { return false }
            return inbox.post(.cancel(ticket.id, host: ticket.host)) ?? false
        }
        if wake { inbox.wake() }
    }
}

/// Links a `fetch` call to its transfer, for cancellation from another thread.
final class FetchTicket: Sendable {
    let id: UInt64
    let host: String
    let state = Mutex<(submitted: Bool, cancelled: Bool)>((false, false))
    init(id: UInt64, host: String) { self.id = id; self.host = host }
}
