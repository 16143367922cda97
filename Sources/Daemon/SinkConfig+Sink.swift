import Delivery

extension SinkConfig {
    /// The sink this configuration describes.
    func makeSink() -> any AlertSink {
        switch kind {
        case .alertLog(let path): return AlertLogSink(id: id, path: path)
        }
    }
}
