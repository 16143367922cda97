import Synchronization

/// The setup the pipeline runs on. Readers take the whole value at once, and
/// a reload replaces it whole, so no poll ever sees half of a reload.
final class CurrentSetup: Sendable {
    private let value: Mutex<WatchSetup>
    init(_ setup: WatchSetup) { value = Mutex(setup) }
    var setup: WatchSetup { value.withLock { $0 } }
    func replace(with setup: WatchSetup) { value.withLock { $0 = setup } }
}
