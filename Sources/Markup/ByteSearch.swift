import Glibc

extension UnsafeBufferPointer<UInt8> {
    /// Where the first `needle` starts at or after `from` (an empty needle: `from`), found
    /// with memchr for its first byte: the one byte search of the parser, which scans
    /// documents for markup far too often to go through Foundation's string search.
    public func firstIndex(ofBytes needle: some Collection<UInt8>, from: Int = 0) -> Int? {
        guard let head = needle.first else { return from }
        guard let base = baseAddress else { return nil }
        let n = needle.count
        var i = Swift.max(from, 0)
        while i + n <= count {
            guard let hit = memchr(base + i, Int32(head), count - i) else { return nil }
            let at = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base
            guard at + n <= count else { return nil }
            if self[(at + 1)..<(at + n)].elementsEqual(needle.dropFirst()) { return at }
            i = at + 1
        }
        return nil
    }
}

extension String {
    /// Whether `needle`'s UTF-8 bytes occur in this string's (for ASCII tokens such as "html"
    /// in a MIME type).
    public func containsBytes(_ needle: StaticString) -> Bool {
        var s = self
        let bytes = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        return s.withUTF8 { $0.firstIndex(ofBytes: bytes) != nil }
    }
}
