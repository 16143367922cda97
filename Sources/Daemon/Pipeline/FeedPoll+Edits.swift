import Foundation
import Logging
import Synchronization
import WirewatchCore

extension FeedPoll {
    /// Says once, when a feed first lists an edit past `poll.max_edits`, that its entries may change on
    /// every poll: from then on `wirewatch feeds` and `wirewatch_entries_edited_total` carry the count.
    func noteChurn(_ revisions: EntryRevisions, before: FeedState, setup: WatchSetup) {
        guard revisions.editsNotJudged > 0, before.editsNotJudged == 0 else { return }
        let later = setup.config.poll.lateEdits > 0 ? "judged at most once per poll.late_edits" : "not judged (poll.late_edits is 0)"
        logger.warning("feed entries keep changing; edits past poll.max_edits are \(later)", metadata: [
            "feed": "\(before.feed)", "edits_not_judged": "\(revisions.editsNotJudged)",
        ])
    }
}

extension FeedPoll {
    /// How long an entry the feed stopped listing can come back under a new key and be taken as itself.
    static let renameWindow: TimeInterval = 7 * 86400

    /// Says once per feed and process that a feed lists entries it listed before under new keys.
    func noteRenamed(_ revisions: EntryRevisions, feed: FeedID) {
        guard !revisions.renamed.isEmpty, renamedNotice.firstTime(feed) else { return }
        logger.warning("feed lists entries it listed before under new ids; they are taken as the entries seen", metadata: [
            "feed": "\(feed)", "renamed_articles": "\(revisions.renamed.count)",
        ])
    }
}

/// The feeds whose renamed entries were said, shared by every copy of the poller.
final class RenamedEntriesNotice: Sendable {
    private let said = Mutex<Set<FeedID>>([])
    func firstTime(_ feed: FeedID) -> Bool { said.withLock { $0.insert(feed).inserted } }
}
