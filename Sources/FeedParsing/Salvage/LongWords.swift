/// Cuts runs of text without a space that are longer than any word: a
/// megabyte "word" would otherwise go whole through analysis and into the
/// store. In HTML only text is cut, never the inside of a tag (a long URL in
/// an attribute is left alone). A cut ends in "…" so a reader sees it.
enum LongWords {
    /// nil when nothing is longer than `limit`; else the cut text and how many runs were cut.
    static func cut(_ text: String, limit: Int, html: Bool) -> (text: String, cuts: Int)? {
        guard text.utf8.count > limit else { return nil }
        var text = text
        return text.withUTF8 { b -> (String, Int)? in
            guard mayHaveLongRun(b, limit: limit) else { return nil }
            var drops: [Range<Int>] = []
            var runStart = 0
            var inTag = false
            func endRun(at end: Int) {
                guard end - runStart > limit else { return }
                var keep = runStart + limit
                while keep > runStart, b[keep] & 0xC0 == 0x80 { keep -= 1 } // not inside a character
                drops.append(keep..<end)
            }
            for i in 0..<b.count {
                let c = b[i]
                if inTag {
                    if c == 0x3E { inTag = false; runStart = i + 1 }
                    continue
                }
                if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || (html && c == 0x3C) {
                    endRun(at: i)
                    runStart = i + 1
                    if html && c == 0x3C { inTag = true }
                }
            }
            if !inTag { endRun(at: b.count) }
            guard !drops.isEmpty else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(b.count - drops.reduce(0) { $0 + $1.count } + drops.count * 3)
            var from = 0
            for d in drops {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[from..<d.lowerBound]))
                out.append(contentsOf: [0xE2, 0x80, 0xA6])
                from = d.upperBound
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[from...]))
            return (String(decoding: out, as: UTF8.self), drops.count)
        }
    }

    /// False when no run of more than `limit` bytes without white space or "<" exists (a superset
    /// of the runs `cut` looks at), found by probing `limit` bytes ahead and stepping back to the
    /// nearest separator: about one look per `limit` bytes of ordinary text.
    static func mayHaveLongRun(_ b: UnsafeBufferPointer<UInt8>, limit: Int) -> Bool {
        var start = 0 // the current run starts here or later
        while start + limit < b.count {
            var k = start + limit
            while k >= start, !(b[k] == 0x20 || b[k] == 0x0A || b[k] == 0x09 || b[k] == 0x0D || b[k] == 0x3C) { k -= 1 }
            if k < start { return true } // limit + 1 bytes without a separator
            start = k + 1
        }
        return false
    }
}
