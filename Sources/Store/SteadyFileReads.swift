import Foundation
import GRDB

/// Reads of a store opened as immutable (`ReadOnlyStoreFile`), checked against a daemon that starts on
/// the file meanwhile. SQLite, told that the file never changes, keeps no lock and reads no `-wal`; a
/// daemon that starts opens the store in WAL mode and later checkpoints into the file, so a long read
/// (`rules backtest`) could see half of an old page and half of a new one: "database disk image is
/// malformed", or counts that were never true (storehealth review, low 4). The daemon creates its
/// `-wal` before it writes anything, and the file changes only when it checkpoints, so a read after
/// which there is still no `-wal` and the file is as it was before the read began saw one steady file.
/// Any other read, or its error, is thrown away and made again: through the daemon's shared memory
/// while a `-wal` is there, else (the daemon came and went) through a new immutable connection.
final class SteadyFileReads: @unchecked Sendable {
    let path: String
    private let configuration: Configuration
    private let lock = NSLock()
    private var reader: any DatabaseReader
    /// The file as it was when `reader` was opened; nil once `reader` follows a daemon's `-wal`.
    private var snapshot: StoreFileSnapshot?
    /// As `ReadOnlyStoreFile.unused` takes it.
    private let mayWriteBeside: Bool?
    private var made = 0
    /// Reads made again, for tests.
    var rereads: Int { lock.withLock { made } }

    init(path: String, reader: any DatabaseReader, snapshot: StoreFileSnapshot, configuration: Configuration,
         mayWriteBeside: Bool? = nil) {
        self.path = path
        self.reader = reader
        self.snapshot = snapshot
        self.configuration = configuration
        self.mayWriteBeside = mayWriteBeside
    }

    func read<T>(_ value: (Database) throws -> T) throws -> T {
        // A daemon that starts and stops again between two tries (each a moment) could do so for ever;
        // three tries, then the read as it came, whatever it is.
        for _ in 0..<3 {
            let (reader, snapshot) = lock.withLock { (self.reader, self.snapshot) }
            guard let snapshot else { return try Self.refused(path) { try reader.read(value) } }
            let outcome = Result { try reader.read(value) }
            if snapshot.holds(path) { return try outcome.get() }
            try reopen()
        }
        let reader = lock.withLock { self.reader }
        return try Self.refused(path) { try reader.read(value) }
    }

    /// A refusal of the daemon's `-shm` said as the permission this user lacks (`SharedMemoryRefused`).
    private static func refused<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw ReadOnlyStoreFile.refusal(error, path: path) ?? error
        }
    }

    private func reopen() throws {
        let before = StoreFileSnapshot(path)
        let next: any DatabaseReader
        if before != nil, ReadOnlyStoreFile.unused(path, mayWriteBeside: mayWriteBeside) {
            next = try Self.refused(path) { try DatabaseQueue(path: ReadOnlyStoreFile.immutableURI(path), configuration: configuration) }
        } else {
            next = try Self.refused(path) { try DatabasePool(path: path, configuration: configuration) }
        }
        lock.withLock {
            reader = next
            snapshot = next is DatabaseQueue ? before : nil
            made += 1
        }
    }
}

/// What tells that the store's file was written: which file it is, its size and its times.
struct StoreFileSnapshot: Equatable {
    var device: UInt64, inode: UInt64, size: Int64
    var modified: [Int], changed: [Int]

    /// Nil when there is no file at `path`.
    init?(_ path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        (device, inode, size) = (UInt64(st.st_dev), UInt64(st.st_ino), Int64(st.st_size))
        modified = [st.st_mtim.tv_sec, st.st_mtim.tv_nsec]
        changed = [st.st_ctim.tv_sec, st.st_ctim.tv_nsec]
    }

    /// No `-wal` beside the file, and the file as it was.
    func holds(_ path: String) -> Bool {
        var st = stat()
        return stat(path + "-wal", &st) != 0 && errno == ENOENT && StoreFileSnapshot(path) == self
    }
}
