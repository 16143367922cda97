/// The settings read only at start (WirewatchDaemon.init and run()); the rest is read from the current setup
/// each time it is used (poll.timeout by each poll and its watchdog deadline, daemon.drain_timeout by the drain
/// and its backstop at the signal). A reload compares these to say what waits for a restart.
struct StartOnlySettings: Sendable, Equatable {
    let store: StoreLocation
    let admin: AdminSettings
    let perHost: Int

    init(_ config: DaemonConfig) {
        store = config.store
        admin = config.admin
        perHost = config.poll.perHost
    }

    /// The names, as written in the config, of the settings in which `other` differs.
    func differences(from other: StartOnlySettings) -> [String] {
        var differ: [String] = []
        if store != other.store { differ.append("store") }
        if admin != other.admin { differ.append("admin") }
        if perHost != other.perHost { differ.append("poll.per_host") }
        return differ
    }
}
