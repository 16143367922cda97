import Foundation
import Logging
import PostgresStore
import Store

/// Opening the store the config names, for the daemon and for the commands beside it.
extension StoreLocation {
    /// The daemon's store, created or brought up to this version. A file store is the daemon's alone: its lock
    /// (returned, held for the daemon's life) refuses a second daemon. A PostgreSQL store is shared by design.
    public func openForDaemon(logger: Logger) throws -> (store: any DaemonStore, lock: StoreLock?) {
        switch self {
        case .file(let path):
            let lock = try StoreLock(storePath: path)
            return (try SQLiteStore(path: path), lock)
        case .postgres(let location):
            return (try location.open(logger: logger), nil)
        }
    }

    /// The store as a command beside the daemon opens it (`feeds`, `deliver`, `rules backtest`): never created
    /// or migrated here (`SQLiteStore.besideDaemon`, `PostgresStore.existing`). On PostgreSQL, `readOnly` is
    /// the role's to enforce (docs/postgresql.md): the command only reads.
    public func openBesideDaemon(readOnly: Bool) throws -> any DaemonStore {
        switch self {
        case .file(let path):
            return try SQLiteStore.besideDaemon(path: path, readOnly: readOnly)
        case .postgres(let location):
            return try location.open(logger: Logger(label: "wirewatch.store", factory: { _ in SwiftLogNoOpLogHandler() }), existing: true)
        }
    }
}

/// The PostgreSQL store could not be opened: the driver's reason, without the password.
public struct PostgresUnreachable: Error, CustomStringConvertible {
    public var description: String
}

extension PostgresLocation {
    /// This daemon's name in the leases and claims it takes and in the roll call: host, process and a random
    /// part (a pid is reused). `$WIREWATCH_OWNER` replaces it, for tests that choose which daemon prefers
    /// which feed: two running daemons with one name would be one daemon to the store, so the second is
    /// refused at its roll call (`DaemonNameInUse`).
    public static func owner(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let named = environment["WIREWATCH_OWNER"], !named.isEmpty { return named }
        return "\(ProcessInfo.processInfo.hostName)/\(getpid())/" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
    }

    /// Connects, and creates or brings up to date the schema (under an advisory lock: daemons starting together do not race).
    /// `existing`: a schema no daemon has made or brought up to date is refused, not made.
    func open(logger: Logger, existing: Bool = false,
              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any DaemonStore {
        do {
            let url = connectionURL(environment: environment)
            let limit = timeLimit ?? PostgresStore.timeLimit
            let owner = Self.owner(environment: environment)
            let home = LibpqHomeFiles.currentUserHome(environment: environment)
            let store = existing ? try PostgresStore.existing(url: url, owner: owner, logger: logger, timeLimit: limit, home: home)
                : try PostgresStore(url: url, owner: owner, logger: logger, timeLimit: limit, home: home)
            if let claimLease { store.claimLease = claimLease }
            let homeFiles = libpqHomeFiles(home: home)
            if !homeFiles.isEmpty {
                // They are this user's: said, as `check` says them, since another user would have others or none.
                logger.info("the store's TLS uses libpq's default files", metadata: ["files": "\(homeFiles.joined(separator: ", "))"])
            }
            return store
        } catch {
            throw PostgresUnreachable(description: redacting("\(error)", environment: environment))
        }
    }
}
