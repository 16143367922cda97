import GRDB

/// The file the config names as the store is not an SQLite database (a config pointing at the
/// wrong file, or one overwritten): said in the operator's words, not as SQLite's failed statement.
public struct NotAStore: Error, CustomStringConvertible {
    public var path: String

    /// `error` as this, when SQLite found no database in the file.
    public init?(_ error: any Error, path: String) {
        guard let db = error as? DatabaseError, db.resultCode == .SQLITE_NOTADB else { return nil }
        self.path = path
    }

    public var description: String {
        "\(path): not a wirewatch store (not an SQLite database); 'store' in the config names the file the daemon keeps its state in"
    }
}
