import Glibc

/// An SQLite database or write-ahead log, told by its first bytes: a file the alert log must never
/// append to, nor cut back to its last newline as a torn line (which destroys the database).
enum SQLiteFileMagic {
    /// "an SQLite database" or "an SQLite write-ahead log" when the file open at `fd` starts as one; else nil.
    static func kind(fd: Int32) -> String? {
        var head = [UInt8](repeating: 0, count: 16)
        guard pread(fd, &head, 16, 0) == 16 else { return nil }
        if head == Array("SQLite format 3\0".utf8) { return "an SQLite database" }
        // The WAL header's magic number, big-endian, 0x377f0682 or 0x377f0683.
        if head[0...2] == [0x37, 0x7f, 0x06], head[3] == 0x82 || head[3] == 0x83 { return "an SQLite write-ahead log" }
        return nil
    }
}
