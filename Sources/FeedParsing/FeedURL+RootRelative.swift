/// Most relative links in feeds are root-relative ("/story/42?ref=rss"), and
/// joining one to its base is a concatenation: these are joined by hand,
/// because Foundation's `URL(string:relativeTo:)` cost microseconds a link in
/// the parser's profile. Anything Foundation might rewrite (dot segments,
/// characters it percent-encodes, a malformed escape) still goes through it;
/// `FeedURLTests` checks the two agree.
extension FeedURL {
    /// "scheme://authority" of `base` when root-relative links can be joined
    /// to it by hand: the whole base is plain (Foundation would parse it as it
    /// is) and its authority is a host with at most a port.
    static func origin(of base: String) -> String? {
        let u = Array(base.utf8)
        guard isAbsolute(base), let colon = u.firstIndex(of: 0x3A), colon + 2 < u.count, u[colon + 1] == 0x2F, u[colon + 2] == 0x2F,
              u.withUnsafeBufferPointer(isPlain) else { return nil }
        let hostStart = colon + 3
        var end = hostStart
        var portAt: Int?
        while end < u.count, u[end] != 0x2F, u[end] != 0x3F, u[end] != 0x23 {
            let c = u[end]
            if c == 0x3A, portAt == nil { portAt = end } else if portAt != nil ? !isDigit(c) : !isHostByte(c) { return nil }
            end += 1
        }
        // A port needs a host and digits.
        if let portAt, portAt == hostStart || portAt + 1 == end { return nil }
        return String(decoding: u[..<end], as: UTF8.self)
    }

    /// `origin` + `link` when `link` is a plain root-relative reference
    /// without dot segments; nil when Foundation must decide.
    static func joined(_ link: String, to origin: String) -> String? {
        var link = link
        let u = link.utf8
        guard u.first == 0x2F, u.dropFirst().first != 0x2F, link.withUTF8(isPlain) else { return nil }
        // A segment that starts with "." may be "." or "..": Foundation removes those.
        var previous: UInt8 = 0
        for c in u {
            if c == 0x3F || c == 0x23 { break } // the path ends at "?" or "#"
            if previous == 0x2F, c == 0x2E { return nil }
            previous = c
        }
        return origin + link
    }

    /// Only characters that stand in a URL as they are, a "%" only before two
    /// hex digits, and at most one "#".
    private static func isPlain(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        var hashes = 0
        var i = u.startIndex
        while i < u.endIndex {
            let c = u[i]
            if c == 0x25 {
                guard i + 2 < u.endIndex, isHex(u[i + 1]), isHex(u[i + 2]) else { return false }
                i += 3
                continue
            }
            if c == 0x23 { hashes += 1; if hashes > 1 { return false } } else if !isURLByte(c) { return false }
            i += 1
        }
        return true
    }

    /// Unreserved, sub-delims, ":", "@", "/" and "?" (RFC 3986).
    private static func isURLByte(_ c: UInt8) -> Bool {
        switch c {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x7E: return true // A-Z a-z 0-9 - . _ ~
        case 0x21, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x3B, 0x3D: return true // ! $ & ' ( ) * + , ; =
        case 0x3A, 0x40, 0x2F, 0x3F: return true // : @ / ?
        default: return false
        }
    }

    private static func isHostByte(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || isDigit(c) || c == 0x2D || c == 0x2E
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    private static func isHex(_ c: UInt8) -> Bool { isDigit(c) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x66) }
}
