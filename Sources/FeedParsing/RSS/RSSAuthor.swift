/// RSS `<author>` and `dc:creator` as written: "me@example.com (Name)",
/// "Name <me@example.com>", "mailto:me@example.com", just a name or just an email.
enum RSSAuthor {
    static func parse(_ raw: String) -> ParsedAuthor? {
        var s = raw.trimmed // 0x40 is "@", 0x20 a space
        guard !s.isEmpty else { return nil }
        if s.lowercased().hasPrefix("mailto:") { s = String(s.dropFirst(7)).trimmed }
        if let open = s.firstIndex(of: "("), s.hasSuffix(")") {
            let outside = s[..<open].trimmed
            let inside = String(s[s.index(after: open)..<s.index(before: s.endIndex)]).trimmed
            if inside.utf8.contains(0x40), !inside.utf8.contains(0x20) {
                return ParsedAuthor(name: outside.isEmpty ? nil : outside, email: inside)
            }
            return ParsedAuthor(name: inside.isEmpty ? (outside.isEmpty ? nil : outside) : inside,
                                email: outside.utf8.contains(0x40) ? outside : nil)
        }
        if let open = s.lastIndex(of: "<"), s.hasSuffix(">") {
            let email = String(s[s.index(after: open)..<s.index(before: s.endIndex)]).trimmed
            let name = s[..<open].trimmed.trimming("\"' ")
            if email.utf8.contains(0x40) { return ParsedAuthor(name: name.isEmpty ? nil : name, email: email) }
        }
        if s.utf8.contains(0x40), !s.utf8.contains(0x20) { return ParsedAuthor(email: s) }
        return ParsedAuthor(name: s)
    }
}

extension Substring {
    var trimmed: String { String(self).trimmed }
}
