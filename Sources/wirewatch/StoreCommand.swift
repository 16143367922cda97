import ArgumentParser
import Daemon
import Delivery
import Foundation
import Logging
import PostgresStore
import Store
import WirewatchCore

struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Move the daemon's state between stores; list the daemons sharing one.", subcommands: [Copy.self, Daemons.self])

    /// docs/postgresql.md, "Moving from SQLite".
    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy an SQLite store (the config's, or --from) into an empty PostgreSQL database (--to, or the config's).",
            discussion: "Stop the daemon first. Everything is copied in one transaction; a database that already holds state is refused.")
        @OptionGroup var options: ConfigOption
        @Option(help: "The PostgreSQL database to copy into (postgres://user@host/database); default: the config's store.")
        var to: String?
        @Option(help: "A file holding the password for --to (else PGPASSWORD, or the URL's own).")
        var passwordFile: String?
        @Option(help: "A file holding the passphrase of the encrypted client key in --to's sslkey (instead of sslpassword= in the URL).")
        var sslpasswordFile: String?
        @Option(help: "The SQLite store to copy; default: the config's store.")
        var from: String?
        @Flag(help: "Copy inside a transaction and roll it back: checks everything, writes nothing.")
        var dryRun = false
        @Flag(help: "Print the rows copied per table as JSON.") var json = false

        /// Mistakes in the command line, said with the usage and exit 64 (operations.md): those the config tells
        /// (an option missing or one too many for its store) only when it reads; `run` says what is wrong with one that does not.
        func validate() throws {
            if let to {
                // A path read as a URL said "the PostgreSQL URL cannot be read; characters such as @ … must be percent-encoded".
                if !to.contains("://") {
                    throw ValidationError("--to names a PostgreSQL database (postgres://user@host/database), not a file: store copy copies "
                        + "into PostgreSQL only; an SQLite store is backed up with sqlite3's .backup (operations.md)")
                }
                // With --sslpassword-file the key is judged in run, once the passphrase is read.
                if let problem = PostgresLocation.problem(to, readingFiles: sslpasswordFile == nil) { throw ValidationError("--to: \(Self.naming(problem, fromFile: false))") }
                if passwordFile != nil, PostgresLocation(url: to).urlHasPassword {
                    throw ValidationError("--to has a password and --password-file gives another; keep the one in the file")
                }
                if sslpasswordFile != nil, PostgresLocation(url: to).urlHasKeyPassphrase {
                    throw ValidationError("--to has sslpassword and --sslpassword-file gives another; keep the one in the file")
                }
            }
            guard case .success(let read) = ConfigLoader.loadToRead(path: options.config) else { return }
            let store = read.config.store
            if from == nil, store.filePath == nil {
                throw ValidationError("the config's store is PostgreSQL (\(store)); name the SQLite store to copy with --from PATH")
            }
            if to == nil {
                guard case .postgres = store else {
                    throw ValidationError("name the PostgreSQL database to copy into with --to postgres://user@host/database (the config's store is a file)")
                }
                if passwordFile != nil { throw ValidationError("--password-file goes with --to; the config's store has its own password_file") }
                if sslpasswordFile != nil {
                    throw ValidationError("--sslpassword-file goes with --to; the config's store has its own sslpassword_file")
                }
            }
        }

        func run() throws {
            let config = try configToRead(options.config)
            let source = try sourcePath(config.store)
            let target = try targetLocation(config.store)
            // Held for the whole copy: a daemon started meanwhile would write what the copy never sees.
            let lock: StoreLock
            do { lock = try StoreLock(storePath: source, patience: 5) } catch {
                guard StoreLock.isHeld(storePath: source) else { throw fail("\(source): \(error)") }
                throw fail("\(source): a wirewatch\(StoreLock.pidWritten(storePath: source).map { " (pid \($0))" } ?? "") is running on this store; "
                           + "stop it first (systemctl stop wirewatch), then copy")
            }
            let export: StoreExport
            do { export = try StoreExport(path: source) } catch {
                if let newer = error as? StoreExport.NewerStore { throw fail(newer.description) }
                throw storeRefusal(error, path: source, failing: "cannot read the store")
            }
            let counts: [StoreCopy.Count]
            do {
                counts = try StoreCopy.copy(from: export, to: target.connectionURL(), dryRun: dryRun,
                                            logger: Logger(label: "wirewatch.store", factory: { _ in SwiftLogNoOpLogHandler() }),
                                            timeLimit: target.timeLimit ?? PostgresStore.timeLimit)
            } catch {
                throw fail(target.redacting("\(error)"))
            }
            withExtendedLifetime(lock) {}
            try report(counts, from: source, to: target.description)
        }

        private func sourcePath(_ store: StoreLocation) throws -> String {
            guard let path = from ?? store.filePath else {
                throw fail("the config's store is PostgreSQL (\(store)); name the SQLite store to copy with --from PATH")
            }
            var status = stat()
            if stat(path, &status) != 0, errno == ENOENT { throw fail("\(path): no store there to copy") }
            return path
        }

        private func targetLocation(_ store: StoreLocation) throws -> PostgresLocation {
            guard let to else {
                guard case .postgres(let location) = store else {
                    throw fail("name the PostgreSQL database to copy into with --to postgres://user@host/database (the config's store is a file)")
                }
                if passwordFile != nil { throw fail("--password-file goes with --to; the config's store has its own password_file") }
                if sslpasswordFile != nil { throw fail("--sslpassword-file goes with --to; the config's store has its own sslpassword_file") }
                return location
            }
            var location = PostgresLocation(url: to)
            if let passwordFile { location.password = try secret(in: passwordFile, option: "--password-file", holding: "password") }
            if let sslpasswordFile { location.keyPassphrase = try secret(in: sslpasswordFile, option: "--sslpassword-file", holding: "passphrase") }
            if let problem = PostgresLocation.problem(location.urlWithKeyPassphrase) { throw fail("--to: \(Self.naming(problem, fromFile: sslpasswordFile != nil))") }
            return location
        }

        /// `problem` with the passphrase's sources this command has: the config's `sslpassword_file` does not apply to
        /// `--to`. `fromFile`: the passphrase came from `--sslpassword-file` (validate refused it beside the URL's own).
        static func naming(_ problem: String, fromFile: Bool) -> String {
            let named = problem.replacingOccurrences(of: PostgresTLS.passphraseSources, with: "(in --to's URL, or with --sslpassword-file FILE)")
            guard fromFile else { return named }
            return named.replacingOccurrences(of: PostgresTLS.passphraseWithoutKey,
                                              with: "--sslpassword-file goes with sslcert and sslkey: it is the passphrase of the client certificate's key")
        }

        /// The secret in `path`, read as the config's `password_file` and `sslpassword_file` are.
        private func secret(in path: String, option: String, holding what: String) throws -> Secret {
            do { return try SecretSource.nonEmptyCredentialFile(path, holding: what) } catch { throw fail("\(option): \(error)") }
        }

        private func report(_ counts: [StoreCopy.Count], from source: String, to target: String) throws {
            let total = counts.reduce(0) { $0 + $1.rows }
            if json {
                struct Summary: Encodable { var from: String; var to: String; var dryRun: Bool; var rows: Int; var tables: [String: Int] }
                try printJSON(Summary(from: source, to: target, dryRun: dryRun, rows: total,
                                      tables: Dictionary(uniqueKeysWithValues: counts.map { ($0.table, $0.rows) })))
                return
            }
            let rows = "\(total) row\(total == 1 ? "" : "s")"
            print(dryRun ? "dry run: would copy \(rows) from \(source) to \(target); nothing was written"
                         : "copied \(rows) from \(source) to \(target)")
            for c in counts { print("  \(c.table.padding(toLength: 18, withPad: " ", startingAt: 0)) \(c.rows)") }
            if !dryRun { print("point 'store:' in the config at the database, then start the daemon") }
        }
    }

    /// docs/postgresql.md, "Seeing the share".
    struct Daemons: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the daemons sharing the config's PostgreSQL store: name, host, pid, started, last heard, live, preferred feeds.")
        @OptionGroup var options: ConfigOption
        @Flag(help: "Print a JSON array, one object per daemon.") var json = false

        func run() throws {
            let config = try configToRead(options.config)
            let rows: [DaemonRollStatus]
            do { rows = try DaemonRollStatus.load(config: config) } catch {
                if let notShared = error as? DaemonRollStatus.NotShared { throw fail(notShared.description) }
                throw storeRefusal(error, path: config.store.description, failing: "cannot read the roll call")
            }
            if json { try printJSON(rows) } else { print(DaemonRollTable.render(rows, now: Date())) }
        }
    }
}
