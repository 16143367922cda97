/// RSS `<author>` and `dc:creator` as written: "me@example.com (Name)",
/// "Name <me@example.com>", "mailto:me@example.com", just a name or just an email.
enum RSSAuthor {
    static func parse(_ raw: String) -> ParsedAuthor? {
        var s = raw.trimmed // 0x40 is "@", 0x20 a space
        guard !s.isEmpty else { return nil }
        if isMailto(s) { s = String(s.dropFirst(7)).trimmed }
        // Searched as UTF-8: a Character search costs thousands of instructions an author.
        if s.utf8.last == 0x29, let open = s.utf8.firstIndex(of: 0x28) { // "(" … ")"
            let outside = s[..<open].trimmed
            let inside = String(s[s.utf8.index(after: open)..<s.utf8.index(before: s.utf8.endIndex)]).trimmed
            if inside.utf8.contains(0x40), !inside.utf8.contains(0x20) {
                return ParsedAuthor(name: outside.isEmpty ? nil : outside, email: inside)
            }
            return ParsedAuthor(name: inside.isEmpty ? (outside.isEmpty ? nil : outside) : inside,
                                email: outside.utf8.contains(0x40) ? outside : nil)
        }
        if s.utf8.last == 0x3E, let open = s.utf8.lastIndex(of: 0x3C) { // "<" … ">"
            let email = String(s[s.utf8.index(after: open)..<s.utf8.index(before: s.utf8.endIndex)]).trimmed
            let name = s[..<open].trimmed.trimming("\"' ")
            if email.utf8.contains(0x40) { return ParsedAuthor(name: name.isEmpty ? nil : name, email: email) }
        }
        if s.utf8.contains(0x40), !s.utf8.contains(0x20) { return ParsedAuthor(email: s) }
        return ParsedAuthor(name: s)
    }

    /// Starts with "mailto:" in any case (compared as bytes: `lowercased()` of a whole name cost thousands of instructions).
    private static func isMailto(_ s: String) -> Bool {
        let head = Array(s.utf8.prefix(7))
        return head.count == 7 && head[6] == 0x3A && head[..<6].map { $0 | 0x20 }.elementsEqual("mailto".utf8)
    }
}

extension Substring {
    var trimmed: String { String(self).trimmed }
}
