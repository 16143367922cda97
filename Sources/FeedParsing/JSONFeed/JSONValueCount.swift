/// Counts a JSON document's values without building them. Foundation's
/// objects cost up to a few kilobytes per value, so a 16 MB document of tiny
/// items would take gigabytes: a document with more values than any feed
/// needs is refused before it is built.
enum JSONValueCount {
    /// A JSON Feed of ten thousand items with their fields stays under this. Foundation's objects cost about 540
    /// bytes a value here (measured: 39,000 values, 21 MB), so a document at the limit takes about 80 MB while it is
    /// read. At 50,000, an archive feed of 3,500 items was refused (exploratory finding of stop 31).
    static let limit = 150_000

    /// Whether `bytes` holds more than `limit` values, counted by the brackets and
    /// commas outside strings (every container, and every value after a container's first).
    static func exceeds(_ limit: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var count = 0
        var inString = false, escaped = false
        let raw = UnsafeRawBufferPointer(bytes)
        var i = 0
        while i < bytes.count {
            // Strings hold most of a feed's bytes: eight at a time while none is a quote or backslash.
            if inString, !escaped {
                while i + 8 <= bytes.count {
                    let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    let q = w ^ 0x2222_2222_2222_2222, s = w ^ 0x5C5C_5C5C_5C5C_5C5C
                    let hits = ((q &- 0x0101_0101_0101_0101) & ~q | (s &- 0x0101_0101_0101_0101) & ~s) & 0x8080_8080_8080_8080
                    // The lowest flagged byte is a true hit (false ones lie only above one): go straight to it.
                    if hits != 0 { i += hits.trailingZeroBitCount >> 3; break }
                    i += 8
                }
                guard i < bytes.count else { break }
            }
            let b = bytes[i]
            i += 1
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch b {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: ","):
                count += 1
                if count > limit { return true }
            default: break
            }
        }
        return false
    }
}
