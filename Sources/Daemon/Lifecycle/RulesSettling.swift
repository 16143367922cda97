/// When the rules watcher takes an edit: once the rules directory has looked the
/// same for one check (a file saved in one write is not loaded half-written), or,
/// while it never does, after `patience` checks since the change was first seen.
/// Without the bound a file rewritten more often than the watcher checks (a script
/// regenerating it every second, a sync tool touching it) was never loaded: the
/// daemon ran the old rules for as long as the writes went on, and said nothing.
/// Pure: it is given what each check saw and says what to do.
struct RulesSettling: Equatable {
    enum Step: Equatable {
        /// Nothing to do this check.
        case wait
        /// Still changing a check after the change was first seen: worth one log line.
        case stillChanging
        /// Reload, for this reason.
        case reload(reason: String)
    }

    /// Checks a change may go on being seen before its files are loaded as they are.
    let patience: Int
    private var previous: RulesFingerprint?
    /// Checks, since the loaded rules were last what is on disk, that saw the files differ from them.
    private var changingFor = 0

    init(patience: Int = 5) { self.patience = max(2, patience) }

    /// `seen`: the directory now; `loaded`: as it was when the rules in force were read;
    /// `every`: the check interval, in seconds, for the reason given.
    mutating func observe(_ seen: RulesFingerprint, loaded: RulesFingerprint?, every: Double) -> Step {
        defer { previous = seen }
        guard seen != loaded else { changingFor = 0; return .wait }
        if seen == previous {
            changingFor = 0
            return .reload(reason: "rule files changed")
        }
        changingFor += 1
        if changingFor >= patience {
            changingFor = 0
            return .reload(reason: "rule files kept changing for \(Self.seconds(Double(patience) * every)); loaded as they are")
        }
        return changingFor == 2 ? .stillChanging : .wait
    }

    private static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s))s" : "\(s)s"
    }
}
