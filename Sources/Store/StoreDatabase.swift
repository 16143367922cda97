import GRDB

/// The store's database as the store's methods reach it: GRDB's writer, and for a store read as
/// immutable, reads that notice a daemon starting on the file meanwhile (`SteadyFileReads`).
struct StoreDatabase: Sendable {
    let writer: any DatabaseWriter
    let steady: SteadyFileReads?

    init(_ writer: any DatabaseWriter, steady: SteadyFileReads? = nil) {
        self.writer = writer
        self.steady = steady
    }

    var path: String { writer.path }

    func read<T>(_ value: (Database) throws -> T) throws -> T {
        if let steady { return try steady.read(value) }
        return try writer.read(value)
    }

    func write<T>(_ updates: (Database) throws -> T) throws -> T { try writer.write(updates) }

    func writeWithoutTransaction<T>(_ updates: (Database) throws -> T) rethrows -> T { try writer.writeWithoutTransaction(updates) }

    func add(transactionObserver: some TransactionObserver, extent: Database.TransactionObservationExtent = .observerLifetime) {
        writer.add(transactionObserver: transactionObserver, extent: extent)
    }
}
