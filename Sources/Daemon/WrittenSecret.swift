import Delivery
import Foundation
import WirewatchCore
import YAMLFiles
import Yams

/// A sink's secret reference (its `url`, `secret` or a header value written as `env:NAME` or
/// `credential:NAME`) and where the config writes it.
struct SinkSecret: Sendable {
    var sink: String
    var reference: SecretSource
    var at: SourcePosition?

    static func written(in m: Node.Mapping?, sink: String) -> [SinkSecret] {
        var found: [SinkSecret] = []
        func add(_ node: Node?) {
            guard let node, let text = node.string, let reference = SecretSource(reference: text) else { return }
            found.append(SinkSecret(sink: sink, reference: reference, at: node.mark.map(SourcePosition.init)))
        }
        add(m?["url"])
        add(m?["secret"])
        if let headers = m?["headers"]?.mapping { for (_, value) in headers { add(value) } }
        return found
    }
}

extension WatchSetup {
    /// The sinks' secrets that cannot be read now, each at where it is written (never the value). The
    /// daemon reads them as it starts and does not start without one, so `run` refuses the config with
    /// these places before it starts anything, and `check`, which the unit runs with the daemon's
    /// environment and credentials before every start, refuses it too instead of saying OK.
    public func unreadableSinkSecrets(environment: [String: String] = ProcessInfo.processInfo.environment) -> [Diagnostic] {
        unreadable(environment) { _ in "the daemon does not start without it" }
    }

    /// The sinks' secrets that this running process can never read: a variable missing from its environment
    /// (or no `$CREDENTIALS_DIRECTORY`), which does not change under it. A reload that would add such a
    /// sink is refused, as the start and `check` under systemd refuse it: taken, the sink never started
    /// and its alerts piled up in the outbox until a restart (trial finding 6). A credential file that is
    /// missing may yet appear; a reload takes that sink, and the next reload that can read it starts it.
    func secretsOnlyARestartProvides(environment: [String: String] = ProcessInfo.processInfo.environment) -> [Diagnostic] {
        unreadable(environment) { error in
            (error as? SecretError)?.onlyARestartMends == true
                ? "a running daemon's environment does not change: set it for the daemon and restart it" : nil
        }
    }

    /// Each secret that cannot be read, with what `consequence` says of its error (nil: not reported).
    private func unreadable(_ environment: [String: String], _ consequence: (any Error) -> String?) -> [Diagnostic] {
        sinkSecrets.compactMap { s in
            do {
                _ = try s.reference.resolve(environment: environment)
                return nil
            } catch {
                return consequence(error).map { Diagnostic(file: config.path, at: s.at, message: "sink '\(s.sink)': \(error); \($0)") }
            }
        }
    }
}
