import Glibc
import Markup

/// Any document → valid UTF-8, losing nothing that can be read: bytes that
/// are not valid UTF-8 in a UTF-8 document read as windows-1252 (the usual
/// cause is text pasted from a Windows editor); a byte no charset can read
/// becomes U+FFFD. libxml2 itself would stop, or switch the rest of the
/// document to Latin-1, at the first bad byte.
enum UTF8Transcoder {
    /// nil when `bytes` are already valid UTF-8 and need no change. `unreadable` hears the offset
    /// of each byte iconv could not read (and that became U+FFFD).
    static func utf8(_ bytes: UnsafeBufferPointer<UInt8>, charset: Charset, unreadable: ((Int) -> Void)? = nil) -> [UInt8]? {
        switch charset {
        case .utf8: return repairedUTF8(bytes)
        case .windows1252:
            // ASCII only: nothing to change. (Valid UTF-8 with more than ASCII is UTF-8 mislabelled, and
            // `DocumentCharset` reads it as UTF-8 before it gets here.)
            if isValidUTF8(bytes) { return nil }
            return windows1252(bytes)
        case .utf16LE: return iconv(bytes, from: "UTF-16LE", unreadable: unreadable) ?? repairedUTF8(bytes)
        case .utf16BE: return iconv(bytes, from: "UTF-16BE", unreadable: unreadable) ?? repairedUTF8(bytes)
        case .iconv(let name):
            if Charset.isSingleByte(name), let table = SingleByteTable(charset: name) { return table.decode(bytes) }
            return iconv(bytes, from: name, unreadable: unreadable) ?? repairedUTF8(bytes)
        }
    }

    static func isValidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let raw = UnsafeRawBufferPointer(b)
        while i < b.count {
            // ASCII eight bytes at a time.
            if i + 8 <= b.count, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            if let length = sequenceLength(b, at: i) { i += length } else { return false }
        }
        return true
    }

    /// The length of the valid UTF-8 sequence at `i`, nil if there is none.
    @inline(__always)
    static func sequenceLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        let c = b[i]
        if c < 0x80 { return 1 }
        let n = b.count
        func cont(_ k: Int) -> Bool { k < n && b[k] & 0xC0 == 0x80 }
        switch c {
        case 0xC2...0xDF: return cont(i + 1) ? 2 : nil
        case 0xE0: return i + 1 < n && (0xA0...0xBF).contains(b[i + 1]) && cont(i + 2) ? 3 : nil
        case 0xED: return i + 1 < n && (0x80...0x9F).contains(b[i + 1]) && cont(i + 2) ? 3 : nil
        case 0xE1...0xEF: return cont(i + 1) && cont(i + 2) ? 3 : nil
        case 0xF0: return i + 1 < n && (0x90...0xBF).contains(b[i + 1]) && cont(i + 2) && cont(i + 3) ? 4 : nil
        case 0xF4: return i + 1 < n && (0x80...0x8F).contains(b[i + 1]) && cont(i + 2) && cont(i + 3) ? 4 : nil
        case 0xF1...0xF3: return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : nil
        default: return nil
        }
    }

    /// Valid sequences kept, every other byte read as windows-1252; nil if nothing needed repair.
    static func repairedUTF8(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var i = 0
        let n = b.count
        // Skip ASCII eight bytes at a time: most of any feed is ASCII markup.
        let raw = UnsafeRawBufferPointer(b)
        while true {
            // 32 bytes a test while they are all ASCII (one test per word cost twice the instructions).
            while i + 32 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
                guard w & 0x8080_8080_8080_8080 == 0 else { break }
                i += 32
            }
            while i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            guard i < n else { return nil }
            // Eight bytes' worth of sequences before the next word test (in
            // Cyrillic or Greek text most words fail it).
            let stop = min(i + 8, n)
            var valid = true
            while i < stop {
                guard let length = sequenceLength(b, at: i) else { valid = false; break }
                i += length
            }
            if !valid { break }
        }
        var out: [UInt8] = []
        out.reserveCapacity(n + n / 8)
        out.append(contentsOf: UnsafeBufferPointer(rebasing: b[..<i]))
        while i < n {
            if let length = sequenceLength(b, at: i) {
                for k in i..<(i + length) { out.append(b[k]) }
                i += length
            } else {
                Windows1252.appendUTF8(of: b[i], to: &out)
                i += 1
            }
        }
        return out
    }

    static func windows1252(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        SingleByteTable.windows1252.decode(b)
    }

    /// glibc's iconv, going on past bytes it cannot read; nil if it does not know the charset.
    static func iconv(_ b: UnsafeBufferPointer<UInt8>, from charset: String, unreadable: ((Int) -> Void)? = nil) -> [UInt8]? {
        // To glibc's own UCS-4 (WCHAR_T), not to UTF-8: to UTF-8 iconv goes
        // through UCS-4 anyway, and its second step cost ~30 instructions a
        // character, more than the decoding itself; `utf8(scalars:)` does it in a few.
        let cd = iconv_open("WCHAR_T", charset)
        guard let cd, cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        guard let base = b.baseAddress else { return [] }
        // No charset here makes more characters than bytes; the buffer grows if one did.
        var capacity = b.count + 64
        var out = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
        defer { out.deallocate() }
        var produced = 0
        var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base).assumingMemoryBound(to: CChar.self)
        var inLeft = b.count
        while inLeft > 0 {
            var outLeft = (capacity - produced) * 4
            var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(out + produced).assumingMemoryBound(to: CChar.self)
            let result = Glibc.iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
            produced = capacity - outLeft / 4
            if result != -1 { break }
            switch errno {
            case E2BIG:
                grow(&out, capacity: &capacity, used: produced, to: capacity + max(64, inLeft))
            case EILSEQ, EINVAL:
                // A byte it cannot read (or a sequence cut short at the end): U+FFFD, then go on.
                if produced == capacity { grow(&out, capacity: &capacity, used: produced, to: capacity + 64) }
                unreadable?(b.count - inLeft)
                out[produced] = 0xFFFD
                produced += 1
                inPtr = inPtr.map { $0 + 1 }
                inLeft -= 1
            default:
                inLeft = 0
            }
        }
        return utf8(scalars: UnsafeBufferPointer(start: out, count: produced))
    }

    private static func grow(_ p: inout UnsafeMutablePointer<UInt32>, capacity: inout Int, used: Int, to bigger: Int) {
        let q = UnsafeMutablePointer<UInt32>.allocate(capacity: bigger)
        q.update(from: p, count: used)
        p.deallocate()
        p = q
        capacity = bigger
    }

    /// Code points → UTF-8; any value that is not a Unicode scalar (iconv gives none) becomes U+FFFD.
    static func utf8(scalars: UnsafeBufferPointer<UInt32>) -> [UInt8] {
        guard var p = scalars.baseAddress else { return [] }
        let end = p + scalars.count
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: scalars.count * 4)
        defer { out.deallocate() }
        var o = out
        while p < end {
            var c = p.pointee
            p += 1
            if c < 0x80 {
                o.pointee = UInt8(truncatingIfNeeded: c); o += 1
                continue
            }
            if (c >= 0xD800 && c < 0xE000) || c >= 0x110000 { c = 0xFFFD }
            if c < 0x800 {
                o[0] = UInt8(truncatingIfNeeded: 0xC0 | c >> 6)
                o[1] = UInt8(truncatingIfNeeded: 0x80 | c & 0x3F)
                o += 2
            } else if c < 0x10000 {
                o[0] = UInt8(truncatingIfNeeded: 0xE0 | c >> 12)
                o[1] = UInt8(truncatingIfNeeded: 0x80 | c >> 6 & 0x3F)
                o[2] = UInt8(truncatingIfNeeded: 0x80 | c & 0x3F)
                o += 3
            } else {
                o[0] = UInt8(truncatingIfNeeded: 0xF0 | c >> 18)
                o[1] = UInt8(truncatingIfNeeded: 0x80 | c >> 12 & 0x3F)
                o[2] = UInt8(truncatingIfNeeded: 0x80 | c >> 6 & 0x3F)
                o[3] = UInt8(truncatingIfNeeded: 0x80 | c & 0x3F)
                o += 4
            }
        }
        return Array(UnsafeBufferPointer(start: out, count: o - out))
    }
}
