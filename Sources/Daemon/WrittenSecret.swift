import Delivery
import Foundation
import WirewatchCore
import YAMLFiles
import Yams

/// A secret reference written in the config (`env:NAME` or `credential:NAME`) and where: a sink's `url`,
/// `secret` or header value; a feed's `url`, header value, `auth.password` or `proxy`; `poll.proxy`.
struct WrittenSecret: Sendable {
    /// Whose it is, as a message names it: `sink 'hook'`, `feed 'members'`, `'poll'`.
    var owner: String
    var reference: SecretSource
    var at: SourcePosition?
    /// A feed's `url`: its value must be a URL a feed is fetched from, not only readable.
    var holdsFeedURL = false

    /// The references among `nodes` and the values of the `headers` mapping, in that order.
    static func written(in nodes: [Node?], headers: Node?, owner: String) -> [WrittenSecret] {
        (nodes + (headers?.mapping?.map { $0.value as Node? } ?? [])).compactMap { node in
            guard let node, let text = node.string, let reference = SecretSource(reference: text) else { return nil }
            return WrittenSecret(owner: owner, reference: reference, at: node.mark.map(SourcePosition.init))
        }
    }
}

extension WatchSetup {
    /// The secrets of sinks and feeds (and `poll.proxy`) that cannot be read now, each at where it is written
    /// (never the value). The daemon reads a sink's as it starts and does not start without it; a feed's
    /// is read at each poll, and one that cannot be read fails the feed at every poll (an `env:` variable
    /// cannot appear in a running daemon: until a restart, trial2 finding 14). So `run` refuses the config
    /// with these places before it starts anything, and `check`, which the unit runs with the daemon's
    /// environment and credentials before every start, refuses it too instead of saying OK.
    public func unreadableSecrets(environment: [String: String] = ProcessInfo.processInfo.environment) -> [Diagnostic] {
        unreadable(environment) { _, error in
            error is FeedURLSecretError ? "the daemon does not start with it" : "the daemon does not start without it"
        }
    }

    /// The feed url secrets that are there and hold no URL a feed is fetched from: `check` by hand refuses them
    /// as under systemd, the value in its environment being the one checked ("fine if the daemon's unit provides
    /// it" was said of a value that was there, and wrong; review of configmend, 8).
    public func secretsHoldingNoFeedURL(environment: [String: String] = ProcessInfo.processInfo.environment) -> [Diagnostic] {
        unreadable(environment) { _, error in error is FeedURLSecretError ? "the daemon does not start with it" : nil }
    }

    /// The secrets that this running process can never read: a variable missing from its environment
    /// (or no `$CREDENTIALS_DIRECTORY`), which does not change under it, or a credential missing from the
    /// directory systemd filled as the service started; and a feed url's that holds no URL, from either. A
    /// reload that would add such a sink or feed is refused, as the start and `check` under systemd refuse
    /// it: taken, the sink never started and its alerts piled up in the outbox until a restart (trial finding
    /// 6), the feed failed at every poll. A credential file in a directory set by hand may yet appear or be
    /// mended; a reload takes it, and the next reload (for a sink) or poll (for a feed) that can read it uses it.
    func secretsOnlyARestartProvides(environment: [String: String] = ProcessInfo.processInfo.environment) -> [Diagnostic] {
        unreadable(environment) { secret, error in
            guard (error as? SecretError)?.onlyARestartMends == true
                || (error is FeedURLSecretError && secret.reference.fixedForTheProcess(environment: environment)) else { return nil }
            switch secret.reference {
            case .environment: return "a running daemon's environment does not change: set it for the daemon and restart it"
            case .credential: return "a running daemon has the credentials systemd gave it as it started: add or mend it (LoadCredential=) and restart the daemon"
            }
        }
    }

    /// Each secret that cannot be read, or (a feed's url) holds no URL a feed is fetched from, with what
    /// `consequence` says of its error (nil: not reported). A feed url's value was judged only at each poll:
    /// `check` and `run` took a variable holding `news.example/feed.xml?token=…`, whose feed then failed every
    /// poll until a restart (review-configside finding 2).
    private func unreadable(_ environment: [String: String], _ consequence: (WrittenSecret, any Error) -> String?) -> [Diagnostic] {
        secrets.compactMap { s in
            do {
                let value = try s.reference.resolve(environment: environment)
                if s.holdsFeedURL { _ = try FeedURLSecretError.feedURL(value.value, of: s.reference) }
                return nil
            } catch {
                return consequence(s, error).map { Diagnostic(file: config.path, at: s.at, message: "\(s.owner): \(error); \($0)") }
            }
        }
    }
}
