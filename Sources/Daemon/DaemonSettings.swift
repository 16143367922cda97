import Foundation

/// The `daemon:` section: how the process itself behaves.
public struct DaemonSettings: Sendable, Hashable {
    /// SIGTERM/SIGINT: how long in-flight polls may take to finish before they are abandoned.
    public var drainTimeout: TimeInterval = 20
    /// How often the rules directory is checked for changes; 0 turns watching off.
    public var watchRules: TimeInterval = 2
    public init() {}
}

/// The `admin:` section: the HTTP endpoint for health checks and metrics.
public struct AdminSettings: Sendable, Hashable {
    /// "127.0.0.1:9187"; port 0 picks a free port (logged at start). Nil: no endpoint
    /// (the shipped config turns it on; off by default so two test daemons never collide).
    public var listen: String?
    /// Required (as `Authorization: Bearer …`) when `listen` is not a loopback address.
    public var token: String?
    public init() {}
}
