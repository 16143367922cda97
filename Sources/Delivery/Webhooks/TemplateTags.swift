import Foundation

/// The tags of a Mustache template as written, each with its place: what the name check, the
/// refusal of partials and the sample check's positions read. A template that changes its
/// delimiters (`{{=<% %>=}}`) is not read (nil): its tags are no longer `{{…}}`.
struct TemplateTag: Sendable, Hashable {
    /// `#`, `^`, `/`, `&`, `!`, `>`, `<`, `$`, `%`; a space for a plain `{{name}}` or `{{{name}}}`.
    var sigil: Character
    /// The name or text after the sigil, without the spaces around it.
    var body: String
    /// Where the tag is in the template's UTF-8 bytes, `{{` to `}}` included.
    var bytes: Range<Int>
    /// Where it starts, from 1, counting characters (Unicode scalars) as the operator sees them.
    var line: Int
    var column: Int

    static func scan(_ source: String) -> [TemplateTag]? {
        let text = Array(source.utf8)
        var tags: [TemplateTag] = []
        var i = 0, line = 1, column = 1
        func starts(_ s: StaticString, at j: Int) -> Bool {
            let n = s.utf8CodeUnitCount
            guard j + n <= text.count else { return false }
            return (0..<n).allSatisfy { text[j + $0] == s.utf8Start[$0] }
        }
        func advance(to end: Int) {
            while i < end {
                if text[i] == 0x0A { line += 1; column = 1 } else if text[i] & 0xC0 != 0x80 { column += 1 }
                i += 1
            }
        }
        while i < text.count {
            guard starts("{{", at: i) else { advance(to: i + 1); continue }
            let triple = starts("{{{", at: i)
            let open = triple ? 3 : 2
            var end = i + open
            while end < text.count, !(triple ? starts("}}}", at: end) : starts("}}", at: end)) { end += 1 }
            guard end < text.count else { break }
            var body = String(decoding: text[(i + open)..<end], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            let first = body.first ?? " "
            let sigil: Character = !triple && "#^/&!><$%=".contains(first) ? first : " "
            if sigil != " " { body = String(body.dropFirst()).trimmingCharacters(in: .whitespaces) }
            if sigil == "=" { return nil }
            let close = end + (triple ? 3 : 2)
            tags.append(TemplateTag(sigil: sigil, body: body, bytes: i..<close, line: line, column: column))
            advance(to: close)
        }
        return tags
    }
}
