import Foundation

/// Home directories of the tests' own. The PostgreSQL store's TLS looks for libpq's files in
/// `$HOME/.postgresql/` (root.crt, postgresql.crt and .key, root.crl): a test that let it read the
/// machine's home failed, or passed for the wrong reason, on a machine whose user has those files.
public enum TestHome {
    /// A home with nothing in it, made once per test process; no test writes into it. Every child process
    /// gets it as HOME unless its test gives one (`ChildProcess`), and in-process stores and config reads
    /// are given it where TLS is tested.
    public static let empty: String = {
        // Not the machine's home even if the directory cannot be made: a path where nothing is.
        (try? makeTemporaryDirectory("empty-home").path) ?? "/nonexistent/wirewatch-test-home"
    }()

    /// A new home whose `.postgresql/` holds `files`: each name there (`root.crt`, `postgresql.key`, …)
    /// copied from the path given, mode 0600 (as libpq wants a key).
    public static func make(_ label: String = "home", postgresql files: [String: String] = [:]) throws -> String {
        let home = try makeTemporaryDirectory(label).path
        let dot = home + "/.postgresql"
        try FileManager.default.createDirectory(atPath: dot, withIntermediateDirectories: true)
        for (name, source) in files {
            try FileManager.default.copyItem(atPath: source, toPath: "\(dot)/\(name)")
            chmod("\(dot)/\(name)", 0o600)
        }
        return home
    }
}
