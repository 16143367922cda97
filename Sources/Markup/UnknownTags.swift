extension HTMLText {
    /// Whether `b` holds a tag whose name is no HTML element: `<bool>` in "Why std::vector&lt;bool&gt; is
    /// not a container", a title escaped once by someone who wrote it as text. Read as HTML, the word is
    /// dropped as an unknown tag; a field with such a tag is text (`FieldText`'s short fields).
    public static func hasUnknownTag(utf8 b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < b.count {
            guard b[i] == UInt8(ascii: "<") else { i += 1; continue }
            var start = i + 1
            if start < b.count, b[start] == UInt8(ascii: "/") { start += 1 }
            var end = start
            while end < b.count, isNameByte(b[end]) { end += 1 }
            i = max(end, i + 1)
            // A tag's name starts with a letter and ends at a space, '/' or '>' ("<3", "a < b" are text already).
            guard end > start, isLetter(b[start]), end < b.count,
                  b[end] == UInt8(ascii: ">") || b[end] == UInt8(ascii: "/") || b[end] == 0x20 || b[end] == 0x09 || b[end] == 0x0A
            else { continue }
            guard let key = NameKey(lowercasing: UnsafeBufferPointer(rebasing: b[start..<end])),
                  KnownElements.table.role(for: key) != nil else { return true }
        }
        return false
    }

    private static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
    private static func isNameByte(_ c: UInt8) -> Bool { isLetter(c) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x3A }
}
