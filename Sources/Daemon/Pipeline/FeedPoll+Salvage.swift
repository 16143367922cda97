import FeedParsing
import Logging
import WirewatchCore

/// A document read with repairs: its articles flow as for "ok" (no error streak, no backoff),
/// but the feed shows "salvaged" with the first problem, so an operator learns it is damaged.
extension FeedPoll {
    /// The outcome and message of a poll that read `problems`, logged when the damage changed.
    func settle(_ state: inout FeedState, problems: [FeedProblem], before: FeedState) {
        state.errorStreak = 0
        guard let message = problems.summary else {
            if before.lastOutcome == FeedState.salvaged {
                logger.notice("feed reads cleanly again", metadata: ["feed": "\(state.feed)"])
            }
            state.lastOutcome = "ok"
            state.lastError = nil
            return
        }
        state.lastOutcome = FeedState.salvaged
        state.lastError = message
        if before.lastOutcome != FeedState.salvaged || !Self.sameDamage(before.lastError, message) {
            logger.warning("feed salvaged", metadata: ["feed": "\(state.feed)", "problem": "\(message)",
                                                       "kinds": "\(problems.map(\.kind).joined(separator: ","))"])
        }
    }

    /// Whether two salvage messages tell the same kind of damage. Counts and offsets move with each edition of a
    /// feed, and so does the last word of the parser's words (where it stopped: "Couldn't find end of Start Tag
    /// descriptio", then "… descript", warned again at every new document; trial3 finding 9); the rest of them
    /// tells the kind ("Entity 'nbsp' not defined" is another damage than a cut document, which was taken for the
    /// same when only the text before the first ": " was compared; review of the lead's mends, 11).
    /// A document cut short is one damage wherever the cut fell: libxml2's words differ between a cut in text, in a
    /// start tag and in an end tag, and a feed served cut at a moving place warned at each (review of this session, 9).
    static func sameDamage(_ a: String?, _ b: String) -> Bool {
        let kind = { (m: String) -> String in
            if let cut = m.range(of: FeedProblem.endsEarly) { return String(m[..<cut.upperBound]) }
            var s = m.filter { !$0.isNumber }
            if let more = s.range(of: " (and ", options: .backwards) { s = String(s[..<more.lowerBound]) }
            guard let colon = s.range(of: ": ") else { return s }
            return String(s[..<colon.upperBound]) + s[colon.upperBound...].split(separator: " ").dropLast().joined(separator: " ")
        }
        return a.map(kind) == kind(b)
    }

    /// A failure after a salvaged document drops its validators: the failure replaces "salvaged", and
    /// a 304 afterwards would otherwise show a damaged feed as "not-modified". The next answer is read whole.
    static func failing(_ state: inout FeedState) {
        guard state.lastOutcome == FeedState.salvaged else { return }
        state.etag = nil
        state.lastModified = nil
    }

    /// What was repaired in the document `state` stands on; nil when it was read cleanly.
    static func salvage(of state: FeedState) -> String? {
        state.lastOutcome == FeedState.salvaged ? state.lastError : nil
    }

    /// A 304 keeps a salvaged document's standing: the damaged document is still the feed.
    static func notModified(_ state: inout FeedState) {
        state.errorStreak = 0
        guard state.lastOutcome != FeedState.salvaged else { return }
        state.lastOutcome = "not-modified"
        state.lastError = nil
    }
}
