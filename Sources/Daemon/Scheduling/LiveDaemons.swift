import Foundation
import Synchronization

/// The daemons this one last heard from on the shared store, itself included, as its roll call keeps
/// them: the scheduler reads the share of the polls from it, /metrics its size.
final class LiveDaemons: Sendable {
    let me: String
    private let current: Mutex<PollShare>

    init(me: String) {
        self.me = me
        current = Mutex(PollShare(me: me, live: [me]))
    }

    var share: PollShare { current.withLock { $0 } }

    /// What changed when a roll call heard a different set of daemons.
    struct Change: Sendable, Hashable {
        var joined: [String]
        var left: [String]
        var share: PollShare
    }

    /// Takes the daemons a roll call heard; returns what changed, nil when nothing did.
    func heard(_ live: [String]) -> Change? {
        let next = PollShare(me: me, live: live)
        let before = current.withLock { s in defer { s = next }; return s }
        guard before.live != next.live else { return nil }
        let (old, new) = (Set(before.live), Set(next.live))
        return Change(joined: new.subtracting(old).sorted(), left: old.subtracting(new).sorted(), share: next)
    }
}
