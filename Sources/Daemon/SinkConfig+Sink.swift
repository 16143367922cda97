import Delivery
import Fetching
import Logging
import Store
import WirewatchCore

extension SinkConfig {
    /// The sink this configuration describes. Webhooks share the daemon's fetcher. `shared`: the store is shared
    /// by daemons, which may write one alert log (`AlertLogSink.sharedWriters`).
    func makeSink(fetcher: Fetcher, clock: any WirewatchClock = SystemClock(), shared: Bool = false) -> any AlertSink {
        switch kind {
        case .alertLog(let path): return AlertLogSink(id: id, path: path, options: log, sharedWriters: shared)
        case .webhook(let options): return WebhookSink(id: id, options: options, fetcher: fetcher, clock: clock)
        }
    }

    /// The worker that drains this sink's queue, with its own retry policy and concurrency. On a `shared`
    /// store its batches look again for a hold another daemon saved (`DeliveryWorker.holdRecheck`).
    func makeWorker(sink: any AlertSink, store: any WirewatchStore, clock: any WirewatchClock, doorbell: Doorbell,
                    logger: Logger, shared: Bool = false,
                    onAttempt: (@Sendable (_ sink: String, _ attempts: Int, _ failed: Bool) -> Void)? = nil,
                    trouble: SinkTroubleLog = SinkTroubleLog()) -> DeliveryWorker {
        DeliveryWorker(sink: sink, store: store, policy: retry, clock: clock, doorbell: doorbell, logger: logger, options: delivery,
                       holdRecheck: shared ? DeliveryWorker.sharedHoldRecheck : nil, onAttempt: onAttempt, trouble: trouble)
    }
}
