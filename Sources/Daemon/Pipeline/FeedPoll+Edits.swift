import Logging
import WirewatchCore

extension FeedPoll {
    /// Says once, when a feed first lists an edit past `poll.max_edits`, that its entries may change on
    /// every poll: from then on `wirewatch feeds` and `wirewatch_entries_edited_total` carry the count.
    func noteChurn(_ revisions: EntryRevisions, before: FeedState) {
        guard revisions.editsNotJudged > 0, before.editsNotJudged == 0 else { return }
        logger.warning("feed entries keep changing; edits past poll.max_edits are not judged", metadata: [
            "feed": "\(before.feed)", "edits_not_judged": "\(revisions.editsNotJudged)",
        ])
    }
}
