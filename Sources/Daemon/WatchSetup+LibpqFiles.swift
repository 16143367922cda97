import Foundation
import WirewatchCore
import YAMLFiles

extension WatchSetup {
    /// libpq's files in the home directory (`~/.postgresql/root.crt`, `postgresql.crt`, `postgresql.key`)
    /// the PostgreSQL store's TLS takes because its URL names none, at the store's line: said by `check`,
    /// since another user (the daemon's) has another home, and with it other files or none.
    public func libpqHomeFileNotes() -> [Diagnostic] {
        guard case .postgres(let location) = config.store else { return [] }
        let files = location.libpqHomeFiles()
        guard !files.isEmpty else { return [] }
        return [Diagnostic(file: config.path, at: storeAt,
                           message: "'store': TLS uses libpq's default files of this user (\(NSUserName())): \(files.joined(separator: ", "))")]
    }
}
