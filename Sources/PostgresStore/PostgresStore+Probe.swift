import PostgresNIO
import Store

extension PostgresStore {
    /// Two short queries through the daemon's pool, as every call waits (`timeLimit`): the server answers,
    /// every table of the schema is there, and the session may write. A standby after a failover, or
    /// `default_transaction_read_only`, answers every read and refuses every save; a role that lost INSERT,
    /// a full disk or a quota show only at a save.
    public func probe() throws {
        try connections.withSession { session in
            // Said without the advice given at start ("changes nothing in it"): the daemon runs and writes the rest.
            let missing = try PostgresSchema.missingTables(session, of: Set(PostgresSchema.migrations.map(\.version)))
            guard missing.isEmpty else {
                throw PostgresStoreError(server: session.server, cause: "\(missing.count == 1 ? "a table" : "tables") of its schema \(missing.count == 1 ? "is" : "are") gone (\(missing.joined(separator: ", ")))")
            }
            guard let row = try session.rows("""
                SELECT current_setting('transaction_read_only') = 'on' AS read_only, pg_is_in_recovery() AS standby
                """).first else { return }
            if try row.get("standby", as: Bool.self) {
                throw PostgresStoreError(server: session.server, cause: "the server is a standby (in recovery): it takes no writes")
            }
            if try row.get("read_only", as: Bool.self) {
                throw PostgresStoreError(server: session.server, cause: "the server takes no writes in this session (transaction_read_only is on: default_transaction_read_only for the database or role)")
            }
        }
    }
}
