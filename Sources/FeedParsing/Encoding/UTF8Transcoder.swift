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
            // A document labelled Latin-1 that is valid UTF-8 with non-ASCII
            // text in it is UTF-8 mislabelled: Latin-1 text almost never is.
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
            guard let length = sequenceLength(b, at: i) else { break }
            i += length
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
        let cd = iconv_open("UTF-8", charset)
        guard let cd, cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var out = [UInt8](repeating: 0, count: b.count * 2 + 64)
        var produced = 0
        guard let base = b.baseAddress else { return [] }
        var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base).assumingMemoryBound(to: CChar.self)
        var inLeft = b.count
        while inLeft > 0 {
            var outLeft = out.count - produced
            let result = out.withUnsafeMutableBufferPointer { ob -> Int in
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(ob.baseAddress! + produced).assumingMemoryBound(to: CChar.self)
                let r = Glibc.iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                produced = ob.count - outLeft
                return r
            }
            if result != -1 { break }
            switch errno {
            case E2BIG:
                out.append(contentsOf: repeatElement(0, count: max(64, inLeft * 2)))
            case EILSEQ, EINVAL:
                // A byte it cannot read (or a sequence cut short at the end): U+FFFD, then go on.
                if out.count - produced < 3 { out.append(contentsOf: repeatElement(0, count: 64)) }
                unreadable?(b.count - inLeft)
                out[produced] = 0xEF; out[produced + 1] = 0xBF; out[produced + 2] = 0xBD
                produced += 3
                inPtr = inPtr.map { $0 + 1 }
                inLeft -= 1
            default:
                inLeft = 0
            }
        }
        out.removeSubrange(produced...)
        return out
    }
}
