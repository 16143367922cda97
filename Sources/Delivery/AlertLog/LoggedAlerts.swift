import Foundation

/// Where the lines of an alert log lie, by the hash of their alert's id: in the log or in a rotated
/// file (`.1`, `.2` …), at which byte. Nothing here rests on the `time` of a line: a line can
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
        /// 0: the log; k: `.k`.
        var file: Int
        var offset: Int
    }

    /// The files looked in: the log and up to `files - 1` rotated ones. More than `.1`: a batch (up to 100
    /// alerts, ~60 KB) is marked delivered only after it, and with a small `rotate.size` its first lines were in
    /// `.2` or `.3` when a crash came, and were written again after it (trial3 finding 13: 113 of 4,999 alerts
    /// twice in 15 kills, `rotate.size: 16KiB`). At the smallest `rotate.size` (4 KiB, ~7 lines) 32 files
    /// hold more than two batches.
    static let files = 32

    /// The places in each file, the log's first.
    private var byFile: [[Int: Int]] = [[:]]
    /// How far into each file its lines known reach, in bytes: what a sweep counts back from the log's end.
    private var sizes: [Int] = [0]
    /// When to drop the places of lines further back than the sink looks.
    private var sweepAt = 1 << 16

    /// Lines known, in the log and the rotated files.
    var count: Int { byFile.reduce(0) { $0 + $1.count } }

    /// Where a line of this id may lie, the newest file first; nil when no line read or written has it.
    func place(of id: String) -> Place? {
        let h = Self.hash(id)
        for (file, places) in byFile.enumerated() {
            if let offset = places[h] { return Place(file: file, offset: offset) }
        }
        return nil
    }

    /// A line read from the log or a rotated file, in file order: an id written twice keeps its newest place
    /// (either would do: the line at either holds the id).
    mutating func learn(hash: Int, at offset: Int, file: Int) {
        guard file < Self.files else { return }
        while byFile.count <= file { byFile.append([:]); sizes.append(0) }
        byFile[file][hash] = offset
        sizes[file] = max(sizes[file], offset)
    }

    /// The files have been read: the places learnt from them are not swept again before as many
    /// lines more are written (a sweep at the first line after learning a large log would copy
    /// every place, on the delivery path, and drop none: they all lie within what is kept).
    mutating func learnt() {
        sweepAt = max(1 << 16, 2 * count)
    }

    /// A line just written at `offset`, the end of the log. The places of lines more than `bytes`
    /// before it, in the log and the rotated files, are dropped now and then, so neither a log never
    /// rotated nor one rotated often grows the memory without end (32 files of a 100 MiB `rotate.size`
    /// held about 200 MiB of places; review of the lead's mends, 4).
    mutating func append(_ id: String, at offset: Int, keeping bytes: Int) {
        byFile[0][Self.hash(id)] = offset
        sizes[0] = max(sizes[0], offset)
        guard count > sweepAt else { return }
        sweep(keeping: bytes)
        sweepAt = max(1 << 16, 2 * count)
    }

    /// Drops the places further back than `bytes` from the end of the log: in the file where that
    /// point lies, those before it; the older files whole.
    private mutating func sweep(keeping bytes: Int) {
        var back = 0
        var kept = 0
        for k in byFile.indices {
            guard back < bytes else { break }
            let floor = sizes[k] - (bytes - back)
            if floor > 0 { byFile[k] = byFile[k].filter { $0.value >= floor } }
            back += sizes[k]
            kept += 1
        }
        byFile.removeLast(byFile.count - max(kept, 1))
        sizes.removeLast(sizes.count - max(kept, 1))
    }

    /// The log's lines are `.1`'s now (the sink rotated it, logrotate moved it, or copied it whole and
    /// emptied it), each rotated file's the next one's, and the oldest's beyond the files looked in.
    /// `bytes`: the size of the file that became `.1`.
    mutating func rotated(bytes: Int) {
        byFile.insert([:], at: 0)
        sizes[0] = max(sizes[0], bytes)
        sizes.insert(0, at: 0)
        if byFile.count > Self.files {
            byFile.removeLast()
            sizes.removeLast()
        }
    }

    /// The files changed under the sink otherwise (a log deleted, replaced or emptied by hand): they are read again.
    mutating func forget() {
        byFile = [[:]]
        sizes = [0]
    }

    /// Forgets lines taken back out of the log (their sync failed and the file was cut back),
    /// so that the retry writes them again.
    mutating func takeBack(_ gone: Set<String>) {
        for id in gone { byFile[0][Self.hash(id)] = nil }
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
