/// HTML character references as a browser reads them in text and attribute
/// values: `&name;` (libxml2's HTML entity table), the common names without
/// their `;`, `&#N;` and `&#xH;` (C1 values read as windows-1252).
enum CharacterReference {
    /// Up to one scalar's UTF-8 bytes, on the stack.
    struct Decoded {
        var bytes: UInt32 = 0
        var count = 0
        mutating func set(_ v: UInt32) {
            switch v {
            case 0..<0x80:
                bytes = v; count = 1
            case 0x80..<0x800:
                bytes = (0xC0 | v >> 6) | (0x80 | v & 0x3F) << 8; count = 2
            case 0x800..<0x10000:
                bytes = (0xE0 | v >> 12) | (0x80 | (v >> 6) & 0x3F) << 8 | (0x80 | v & 0x3F) << 16; count = 3
            default:
                bytes = (0xF0 | v >> 18) | (0x80 | (v >> 12) & 0x3F) << 8 | (0x80 | (v >> 6) & 0x3F) << 16 | (0x80 | v & 0x3F) << 24
                count = 4
            }
        }
        func withBytes(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
            withUnsafeBytes(of: bytes) { body(UnsafeBufferPointer(rebasing: $0.bindMemory(to: UInt8.self)[..<count])) }
        }
    }

    /// Decodes the reference at `i` (an `&`); returns its length, 0 when it is a literal `&`.
    static func decode(_ s: UnsafeBufferPointer<UInt8>, at i: Int, into out: inout Decoded) -> Int {
        let n = s.count
        var j = i + 1
        guard j < n else { return 0 }
        if s[j] == 0x23 { // "&#"
            j += 1
            var hex = false
            if j < n, s[j] | 0x20 == 0x78 { hex = true; j += 1 }
            let digitsStart = j
            var value: UInt32 = 0
            while j < n, let d = digit(s[j], hex: hex) {
                if value < 0x110000 { value = value * (hex ? 16 : 10) + d }
                j += 1
            }
            guard j > digitsStart else { return 0 }
            if j < n, s[j] == 0x3B { j += 1 }
            out.set(scalar(value))
            return j - i
        }
        while j < n, j - i <= 32, isAlphanumeric(s[j]) { j += 1 }
        guard j > i + 1 else { return 0 }
        let name = UnsafeBufferPointer(rebasing: s[(i + 1)..<j])
        if j < n, s[j] == 0x3B, let v = common(name) ?? lookup(name) {
            out.set(v)
            return j + 1 - i
        }
        // Without the ";", only the names browsers have always read so ("&nbspx" is a no-break space and "x").
        for length in stride(from: min(4, name.count), through: 2, by: -1) {
            if let v = common(UnsafeBufferPointer(rebasing: name[..<length])) {
                out.set(v)
                return 1 + length
            }
        }
        return 0
    }

    /// Every reference in an attribute value decoded.
    static func decodeAll(_ s: UnsafeBufferPointer<UInt8>) -> String {
        guard s.contains(0x26) else { return String(decoding: s, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = 0
        var d = Decoded()
        while i < s.count {
            if s[i] == 0x26 {
                let length = decode(s, at: i, into: &d)
                if length > 0 {
                    d.withBytes { out.append(contentsOf: $0) }
                    i += length
                    continue
                }
            }
            out.append(s[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func scalar(_ v: UInt32) -> UInt32 {
        switch v {
        case 0, 0xD800...0xDFFF, 0x110000...: return 0xFFFD
        case 0x80...0x9F: return Windows1252.scalar(UInt8(v))
        default: return v
        }
    }

    private static func digit(_ c: UInt8, hex: Bool) -> UInt32? {
        if c >= 0x30, c <= 0x39 { return UInt32(c - 0x30) }
        guard hex else { return nil }
        let l = c | 0x20
        return l >= 0x61 && l <= 0x66 ? UInt32(l - 0x61 + 10) : nil
    }

    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    /// amp, lt, gt, quot, nbsp: the names seen most, without a table lookup.
    private static func common(_ name: UnsafeBufferPointer<UInt8>) -> UInt32? {
        switch name.count {
        case 2 where name[1] == 0x74: return name[0] == 0x6C ? 60 : (name[0] == 0x67 ? 62 : nil)
        case 3 where name[0] == 0x61 && name[1] == 0x6D && name[2] == 0x70: return 38
        case 4 where name.elementsEqual([0x71, 0x75, 0x6F, 0x74]): return 34
        case 4 where name.elementsEqual([0x6E, 0x62, 0x73, 0x70]): return 0xA0
        default: return nil
        }
    }

    private static func lookup(_ name: UnsafeBufferPointer<UInt8>) -> UInt32? {
        HTMLEntities.code(name)
    }
}
