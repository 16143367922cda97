import Delivery
import Foundation
import WirewatchCore
import YAMLFiles
import Yams

/// The `daemon:` and `admin:` sections.
extension ConfigLoader {
    /// Where the admin token comes from: never the config file, which is often world-readable.
    static let adminTokenVariable = "WIREWATCH_ADMIN_TOKEN"
    static let adminTokenCredential = "admin-token"

    static func parseDaemon(_ section: Node?, reader r: YAMLReader) -> DaemonSettings {
        var settings = DaemonSettings()
        guard let section else { return settings }
        let m = r.mapping(section, what: "'daemon'", allowed: ["drain_timeout", "watch_rules"])
        // At least a second, as every timeout: `0s` read as "abort polls at once" to one operator and as "no
        // bound" to another (trial2 finding 22); the shutdown is cut 10 s after it in any case.
        if let v = duration(m, "drain_timeout", what: "'daemon'", reader: r) { settings.drainTimeout = v }
        if let v = r.duration(m, "watch_rules", what: "'daemon'") {
            // Under a second the daemon reads the rules directory in a tight loop; 0 turns watching off.
            if v == 0 || v >= 1 { settings.watchRules = v } else {
                r.report(m?["watch_rules"], "'watch_rules' in 'daemon' must be at least 1s, or 0 to reload only on SIGHUP (got '\(m?["watch_rules"]?.string ?? "\(v)")')")
            }
        }
        return settings
    }

    static func parseAdmin(_ section: Node?, reader r: YAMLReader,
                           environment: [String: String] = ProcessInfo.processInfo.environment) -> AdminSettings {
        var settings = AdminSettings()
        guard let section else { return settings }
        let m = r.mapping(section, what: "'admin'", allowed: ["listen"])
        guard let listen = r.string(m, "listen", what: "'admin'"), !listen.isEmpty, listen != "off" else { return settings }
        guard let (host, _) = AdminEndpoint.parse(listen: listen) else {
            r.report(m?["listen"], "'listen' in 'admin' must be host:port, such as 127.0.0.1:9187 (got '\(listen)')")
            return settings
        }
        settings.listen = listen
        do { settings.token = try adminToken(environment) } catch {
            // A credential that is there but cannot be read is not the same as no token.
            r.report(m?["listen"], "systemd credential '\(adminTokenCredential)': \(error)")
            return settings
        }
        if !AdminEndpoint.isLoopback(host) && settings.token == nil {
            r.report(m?["listen"], "admin endpoint on '\(host)' is reachable from other machines: set \(adminTokenVariable) "
                     + "or the systemd credential '\(adminTokenCredential)' to require a bearer token")
        }
        return settings
    }

    /// The token, or nil when none is given; read as any credential is (a FIFO or a huge file is refused).
    /// A credential file that is there but empty is refused as a secret's is: taken for no token, it
    /// would leave a loopback admin endpoint open without a word.
    static func adminToken(_ environment: [String: String]) throws(OperatorFileError) -> String? {
        if let t = environment[adminTokenVariable], !t.isEmpty { return t }
        guard let dir = environment["CREDENTIALS_DIRECTORY"], !dir.isEmpty else { return nil }
        let path = (dir as NSString).appendingPathComponent(adminTokenCredential)
        var status = stat()
        if lstat(path, &status) != 0, errno == ENOENT { return nil }
        let t = try SecretSource.credentialFile(path)
        guard !t.isEmpty else { throw OperatorFileError("\(path) is empty; write the token into it, or remove it to run without one") }
        return t
    }
}
