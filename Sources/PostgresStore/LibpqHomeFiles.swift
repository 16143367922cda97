import Foundation

/// libpq's TLS files in the home directory of the user running it (`~/.postgresql/root.crt`,
/// `postgresql.crt`, `postgresql.key`), read when the URL names none, as libpq does; and its revocation
/// list (`root.crl`), which the store cannot check and so refuses (`PostgresTLS.read`).
public struct LibpqHomeFiles {
    static let roots = "root.crt"
    static let certificate = "postgresql.crt"
    static let key = "postgresql.key"
    /// libpq checks the server's certificate against it whenever it verifies one with a CA file.
    static let revocationList = "root.crl"

    /// `~/.postgresql`; nil when the home directory is unknown or not an absolute path.
    let directory: String?

    init(home: String?) {
        directory = home.flatMap { $0.hasPrefix("/") ? ($0.hasSuffix("/") ? $0 : $0 + "/") + ".postgresql" : nil }
    }

    func path(_ name: String) -> String? { directory.map { "\($0)/\(name)" } }

    /// The file's path when something is there (what it is, is judged when it is read).
    func existing(_ name: String) -> String? {
        path(name).flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
    }

    /// The home directory libpq would use: `$HOME`, else the user's entry in the password database.
    public static func currentUserHome(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let home = environment["HOME"], !home.isEmpty { return home }
        guard let entry = getpwuid(geteuid()), let directory = entry.pointee.pw_dir else { return nil }
        return String(cString: directory)
    }
}
