import Synchronization

/// Shutdown as the pipeline sees it: first draining (no new polls, in-flight
/// ones finish), then — if the drain bound passes — abandoning (fetches are
/// aborted and their failures are not held against the feeds).
final class DrainState: Sendable {
    private let draining = Atomic<Bool>(false)
    private let abandoning = Atomic<Bool>(false)

    var isDraining: Bool { draining.load(ordering: .acquiring) }
    var isAbandoning: Bool { abandoning.load(ordering: .acquiring) }

    func beginDraining() { draining.store(true, ordering: .releasing) }
    func abandon() {
        draining.store(true, ordering: .releasing)
        abandoning.store(true, ordering: .releasing)
    }
}
