import CCurl
import Foundation

/// The fetcher's thread: takes new transfers and cancellations from the inbox,
/// admits transfers under the politeness caps, drives the multi handle, and
/// completes transfers as libcurl finishes them. Nothing here is shared.
final class FetchLoop {
    private let inbox: FetchInbox
    private var admission: HostAdmission<Transfer>
    /// Transfers that own an easy handle attached to the multi handle, by id.
    private var active: [UInt64: Transfer] = [:]

    init(inbox: FetchInbox) {
        self.inbox = inbox
        admission = HostAdmission(perHost: inbox.limits.maxConnectionsPerHost, total: inbox.limits.maxConnections)
    }

    func run() {
        let multi = inbox.multi
        var running: Int32 = 0
        while true {
            let (events, stop) = inbox.take()
            for event in events {
                switch event {
                case .add(let t): admission.enqueue(t, host: t.host)
                case .cancel(let id, let host): cancel(id, host: host)
                }
            }
            if stop { return stopAll() }
            admitWhatFits()
            curl_multi_perform(multi, &running)
            var left: Int32 = 0
            while let msg = curl_multi_info_read(multi, &left) {
                guard msg.pointee.msg == CURLMSG_DONE, let easy = msg.pointee.easy_handle else { continue }
                var me: UnsafeMutableRawPointer?
                _ = ww_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &me)
                guard let me else { continue }
                let t = Unmanaged<Transfer>.fromOpaque(me).takeUnretainedValue()
                let code = ww_msg_result(msg)
                if t.failedOnAStaleConnection(code: code) {
                    // Its place (host and total caps) is kept: it is the same transfer, sent again.
                    curl_multi_remove_handle(inbox.multi, easy)
                    if t.sendAgainOnAFreshConnection(), curl_multi_add_handle(inbox.multi, easy) == CURLM_OK { continue }
                }
                detach(t)
                t.complete(code: code)
            }
            // Room freed by completed transfers is used before sleeping; libcurl
            // expires a newly added handle at once, so the poll returns at once.
            admitWhatFits()
            var numfds: Int32 = 0
            curl_multi_poll(multi, nil, 0, 1000, &numfds)
        }
    }

    private func admitWhatFits() {
        while let (t, host) = admission.next() {
            guard let easy = t.prepare(userAgent: inbox.limits.userAgent, handles: inbox.handles) else {
                // Already finished with the reason; give its place back.
                admission.finished(host: host)
                continue
            }
            active[t.id] = t
            if curl_multi_add_handle(inbox.multi, easy) != CURLM_OK {
                detach(t)
                t.finish(error: FetchError(.protocol, "libcurl refused the transfer"))
            }
        }
    }

    /// Takes a finished or cancelled transfer off the multi handle and out of the counts.
    private func detach(_ t: Transfer) {
        if let easy = t.easy { curl_multi_remove_handle(inbox.multi, easy) }
        active[t.id] = nil
        admission.finished(host: t.host)
    }

    private func cancel(_ id: UInt64, host: String) {
        if let t = active[id] {
            detach(t)
            t.finish(error: FetchError(.cancelled, "cancelled while in flight"))
            return
        }
        // Still waiting for its turn; if it is in neither place it has already completed.
        if let t = admission.remove(host: host, where: { $0.id == id }) {
            t.finish(error: FetchError(.cancelled, "cancelled before it started"))
        }
    }

    private func stopAll() {
        let reason = FetchError(.protocol, "fetcher is shut down")
        for t in admission.drain() { t.finish(error: reason) }
        for t in active.values {
            if let easy = t.easy { curl_multi_remove_handle(inbox.multi, easy) }
            t.finish(error: reason)
        }
        active.removeAll()
    }
}
