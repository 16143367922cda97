import Foundation

/// Where the lines of an alert log lie, by the hash of their alert's id: in the log (`current`)
/// or in `.1` (`previous`), at which byte. Nothing here rests on the `time` of a line: a line can
/// be written long after its alert was raised (a delivery retried for a day, a dead letter queued
/// again), so times say nothing about where in the log a line lies.
///
/// An id whose hash is not here is in none of the lines read or written. One whose hash is here
/// may share it with another id: the sink reads the one line at that place to be sure. No id is
/// kept: 16 bytes a bucket, a power of two of buckets at most 3/4 full, so about 32 bytes a line,
/// and up to twice the lines the sink looks at between sweeps (`append`): 16 to 32 MiB for 256 MiB
/// of ~540-byte lines (16 MiB measured after learning them, `AlertLogLookupCostTests`).
struct LoggedAlerts {
    struct Place: Hashable {
        var inPrevious: Bool
        var offset: Int
    }

    private var current: [Int: Int] = [:]
    private var previous: [Int: Int] = [:]
    /// When to drop the places of lines further back than the sink looks.
    private var sweepAt = 1 << 16

    /// Lines known, in the log and in `.1`.
    var count: Int { current.count + previous.count }

    /// Where a line of this id may lie; nil when no line read or written has it.
    func place(of id: String) -> Place? {
        let h = Self.hash(id)
        if let offset = current[h] { return Place(inPrevious: false, offset: offset) }
        return previous[h].map { Place(inPrevious: true, offset: $0) }
    }

    /// A line read from the log or `.1`, in file order: an id written twice keeps its newest place
    /// (either would do: the line at either holds the id).
    mutating func learn(hash: Int, at offset: Int, inPrevious: Bool) {
        if inPrevious { previous[hash] = offset } else { current[hash] = offset }
    }

    /// The files have been read: the places learnt from them are not swept again before as many
    /// lines more are written (a sweep at the first line after learning a large log would copy
    /// every place, on the delivery path, and drop none: they all lie within what is kept).
    mutating func learnt() {
        sweepAt = max(1 << 16, 2 * count)
    }

    /// A line just written at `offset`, the end of the log. The places of lines more than `bytes`
    /// before it are dropped now and then, so a log never rotated does not grow the memory without end.
    mutating func append(_ id: String, at offset: Int, keeping bytes: Int) {
        current[Self.hash(id)] = offset
        guard count > sweepAt else { return }
        let floor = offset - bytes
        if floor > 0 {
            current = current.filter { $0.value >= floor }
            previous = [:]
        }
        sweepAt = max(1 << 16, 2 * count)
    }

    /// The log's lines are `.1`'s now (the sink rotated it, logrotate moved it, or copied it whole and
    /// emptied it), and the old `.1`'s are beyond the two files looked in.
    mutating func rotated() {
        previous = current
        current = [:]
    }

    /// The files changed under the sink otherwise (a log deleted, replaced or emptied by hand): they are read again.
    mutating func forget() {
        current = [:]
        previous = [:]
    }

    /// Forgets lines taken back out of the log (their sync failed and the file was cut back),
    /// so that the retry writes them again.
    mutating func takeBack(_ gone: Set<String>) {
        for id in gone { current[Self.hash(id)] = nil }
    }

    /// The same for an id read as bytes from a line as for the id of a record. Seeded per process
    /// (`Hasher`), so a feed cannot craft ids that collide.
    static func hash(_ id: String) -> Int {
        var id = id
        return id.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }

    static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var h = Hasher()
        h.combine(bytes: bytes)
        return h.finalize()
    }
}
