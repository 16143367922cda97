import Foundation
import Markup

/// Which charset a document is in, by RFC 7303's precedence: a byte order
/// mark, then the HTTP `charset` parameter, then the XML declaration (or,
/// for XML without one, UTF-8; UTF-16 is recognised without a BOM too).
struct DocumentCharset: Hashable {
    var charset: Charset
    /// Bytes of BOM to skip.
    var bomLength: Int
    var source: Source
    enum Source: String { case bom, http, declaration, sniffed, none }
    /// A charset the server or the document named that glibc does not know: the
    /// document is read by the next rule instead, and the feed says so.
    var unknownLabel: String?
    /// A one-byte charset the server or the document named over bytes that are UTF-8: read as UTF-8, said.
    var mislabelled: String?

    static func detect(_ b: UnsafeBufferPointer<UInt8>, contentType: String?) -> DocumentCharset {
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { return .init(charset: .utf8, bomLength: 3, source: .bom) }
        if b.count >= 2, b[0] == 0xFF, b[1] == 0xFE {
            if b.count >= 4, b[2] == 0, b[3] == 0 { return .init(charset: .iconv("UTF-32LE"), bomLength: 4, source: .bom) }
            return .init(charset: .utf16LE, bomLength: 2, source: .bom)
        }
        if b.count >= 2, b[0] == 0xFE, b[1] == 0xFF { return .init(charset: .utf16BE, bomLength: 2, source: .bom) }
        if b.count >= 4, b[0] == 0, b[1] == 0, b[2] == 0xFE, b[3] == 0xFF {
            return .init(charset: .iconv("UTF-32BE"), bomLength: 4, source: .bom)
        }
        var unknown: String?
        // Four ASCII bytes without a zero among them ("<?xm", "<rss") cannot be UTF-16 or UTF-32, whatever the
        // server or the declaration says: .NET's StringWriter declares encoding="utf-16" over UTF-8, and the feed
        // was read as UTF-16 into nonsense and refused as "not a feed" (exploratory finding).
        let eightBit = b.count >= 4 && b.prefix(4).allSatisfy { $0 != 0 && $0 < 0x80 }
        func possible(_ c: Charset) -> Bool {
            guard eightBit else { return true }
            switch c {
            case .utf16LE, .utf16BE: return false
            case .iconv(let name): return !name.uppercased().hasPrefix("UTF-32") && !name.uppercased().hasPrefix("UCS")
            default: return true
            }
        }
        if let label = contentType.flatMap(httpCharset), !label.isEmpty {
            if let charset = Charset(label: label), charset.isAvailable {
                if let utf8 = utf8(under: charset, label: label, b) { return utf8 }
                if possible(charset) { return .init(charset: charset, bomLength: 0, source: .http) }
            } else {
                unknown = label
            }
        }
        // "<?" in UTF-16 without a BOM (XML 1.0 appendix F), and also "<r" of a feed without a declaration, or
        // blanks before it: its first two characters are ASCII with a zero byte beside each. Without a declaration
        // libxml2 read such a feed as UTF-8 and said it had no root element.
        if let unmarked = unmarkedUTF16(b) { return .init(charset: unmarked, bomLength: 0, source: .sniffed, unknownLabel: unknown) }
        if let label = declaredEncoding(b) {
            if let charset = Charset(label: label), charset.isAvailable {
                if var utf8 = utf8(under: charset, label: label, b) { utf8.unknownLabel = unknown; return utf8 }
                if possible(charset) { return .init(charset: charset, bomLength: 0, source: .declaration, unknownLabel: unknown) }
            } else {
                unknown = unknown ?? label
            }
        }
        return .init(charset: .utf8, bomLength: 0, source: .none, unknownLabel: unknown)
    }

    /// UTF-8 for a document labelled with a one-byte charset whose bytes are UTF-8, with characters beyond ASCII:
    /// a CMS that writes UTF-8 under an old template's `encoding="windows-1251"` made every Cyrillic letter two
    /// letters of nonsense (exploratory finding of stop 31). Text really in such a charset is almost never valid
    /// UTF-8: its letters above 0x7F would each have to be followed by the right number of bytes 0x80–0xBF.
    static func utf8(under charset: Charset, label: String, _ b: UnsafeBufferPointer<UInt8>) -> DocumentCharset? {
        guard charset.isOneByte, b.contains(where: { $0 >= 0x80 }), UTF8Transcoder.isValidUTF8(b) else { return nil }
        return .init(charset: .utf8, bomLength: 0, source: .sniffed, mislabelled: label)
    }

    /// UTF-16 without a byte order mark: two characters, the first '<' or a blank and the second any other ASCII
    /// but NUL, each with a zero byte on the same side (UTF-32 would have three).
    static func unmarkedUTF16(_ b: UnsafeBufferPointer<UInt8>) -> Charset? {
        guard b.count >= 4 else { return nil }
        func opens(_ c: UInt8) -> Bool { c == 0x3C || c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        func ascii(_ c: UInt8) -> Bool { c != 0 && c < 0x80 }
        if opens(b[0]), b[1] == 0, ascii(b[2]), b[3] == 0 { return .utf16LE }
        if b[0] == 0, opens(b[1]), b[2] == 0, ascii(b[3]) { return .utf16BE }
        return nil
    }

    /// `charset` from a Content-Type such as `application/rss+xml; charset="ISO-8859-1"`.
    static func httpCharset(_ contentType: String) -> String? {
        for param in contentType.split(separator: ";").dropFirst() {
            let kv = param.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, kv[0].trimming(" \t").lowercased() == "charset" else { continue }
            return kv[1].trimming(" \t\"'")
        }
        return nil
    }

    /// `encoding="…"` from an XML declaration at the very start; an HTML
    /// `<meta charset>` within the first kilobytes is honoured the same way.
    static func declaredEncoding(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        if let declaration = xmlDeclaration(b) { return attribute("encoding", in: declaration) }
        let head = String(decoding: b.prefix(1024), as: UTF8.self)
        if let meta = head.range(of: "charset=", options: .caseInsensitive), head.range(of: "<meta", options: .caseInsensitive) != nil {
            let rest = head[meta.upperBound...].drop { $0 == "\"" || $0 == "'" }
            let value = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            return value.isEmpty ? nil : String(value)
        }
        return nil
    }

    /// The bytes of an XML declaration at the very start, up to its "?>"
    /// (read as bytes: Foundation's string search showed in the parser's profile).
    private static func xmlDeclaration(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        let head = UnsafeBufferPointer(rebasing: b.prefix(1024))
        guard head.starts(with: "<?xml".utf8), let end = head.firstIndex(ofBytes: [0x3F, 0x3E]) else { return nil } // "?>"
        return UnsafeBufferPointer(rebasing: head[..<end])
    }

    /// `name="value"` (or with single quotes) in a declaration, as bytes.
    private static func attribute(_ name: String, in s: UnsafeBufferPointer<UInt8>) -> String? {
        guard var i = s.firstIndex(ofBytes: name.utf8).map({ $0 + name.utf8.count }) else { return nil }
        func skipBlanks() { while i < s.count, s[i] == 0x20 || s[i] == 0x09 { i += 1 } }
        skipBlanks()
        guard i < s.count, s[i] == 0x3D else { return nil } // "="
        i += 1
        skipBlanks()
        guard i < s.count, s[i] == 0x22 || s[i] == 0x27 else { return nil }
        let quote = s[i]
        let start = i + 1
        var end = start
        while end < s.count, s[end] != quote { end += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: s[start..<end]), as: UTF8.self)
    }
}
