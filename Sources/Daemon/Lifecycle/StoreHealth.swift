import Foundation

/// Whether the store answers, as `/readyz` and `wirewatch_store_up` say it: a daemon whose store does not
/// answer polls, but cannot keep what it fetches nor deliver what it owes. Fed by `StoreWatch`, which asks
/// the store every `period`; the store counts as down once it has not answered for `patience`, whether its
/// checks fail (a server refusing connections, a file locked by another process, a table dropped) or hang
/// (a server that never answers). One answer brings it back. Plain value: time is given.
struct StoreHealth: Sendable, Hashable {
    /// How often the store is asked.
    static let period: TimeInterval = 5
    /// How long without an answer before the daemon is not ready: past one failed check (a restart of the
    /// database, a retention batch holding SQLite's lock), but well inside a load balancer's patience.
    static let patience: TimeInterval = 20

    private(set) var lastAnswer: Date
    /// When the check in flight began.
    private(set) var asking: Date?
    /// Why the last check failed, until one succeeds.
    private(set) var failure: String?

    /// The store was opened at `start`: it answered then.
    init(start: Date) { lastAnswer = start }

    mutating func began(at now: Date) { asking = now }

    mutating func answered(at now: Date) {
        (lastAnswer, asking, failure) = (now, nil, nil)
    }

    mutating func failed(_ cause: String, at now: Date) {
        asking = nil
        failure = cause.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// Nil while the store counts as up, else why not, in one line.
    func problem(now: Date) -> String? {
        let silent = Int(now.timeIntervalSince(lastAnswer))
        guard now.timeIntervalSince(lastAnswer) >= Self.patience else { return nil }
        if let failure { return "the store has not answered for \(silent) s: \(failure)" }
        if let asking { return "the store has not answered for \(silent) s (a check has waited \(Int(now.timeIntervalSince(asking))) s)" }
        return nil
    }
}
