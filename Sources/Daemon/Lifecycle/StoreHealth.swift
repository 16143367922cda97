import Foundation

/// Whether the store answers, as `/readyz` and `wirewatch_store_up` say it: a daemon whose store does not
/// answer polls, but cannot keep what it fetches nor deliver what it owes. Fed by `StoreWatch`, which asks
/// the store every `period`; the store counts as down once its checks have failed (a server refusing
/// connections, a file locked by another process, a table dropped) and it has not answered for `patience`,
/// or once a check has hung (a server that never answers) past `waitLimit`. One answer brings it back.
/// Plain value: time is given.
struct StoreHealth: Sendable, Hashable {
    /// How often the store is asked.
    static let period: TimeInterval = 5
    /// How long without an answer before the daemon is not ready: past one failed check (a restart of the
    /// database, a retention batch holding SQLite's lock), but well inside a load balancer's patience.
    static let patience: TimeInterval = 20

    /// How long without an answer while a check is still waiting before the daemon is not ready: `patience`,
    /// or the store's own limit on one wait (`store.time_limit`, PostgreSQL) when longer. The check waits in
    /// line for one of the daemon's few connections; a store whose connections are all busy with long but
    /// working calls answers within that limit, and is not "down".
    let waitLimit: TimeInterval

    private(set) var lastAnswer: Date
    /// When the check in flight began.
    private(set) var asking: Date?
    /// Why the last check failed, until one succeeds.
    private(set) var failure: String?

    /// The store was opened at `start`: it answered then. `timeLimit`: the store's own limit on one wait, if any.
    init(start: Date, timeLimit: TimeInterval? = nil) {
        lastAnswer = start
        waitLimit = max(Self.patience, timeLimit ?? 0)
    }

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
        if let asking, now.timeIntervalSince(lastAnswer) >= waitLimit { return "the store has not answered for \(silent) s (a check has waited \(Int(now.timeIntervalSince(asking))) s)" }
        return nil
    }
}
