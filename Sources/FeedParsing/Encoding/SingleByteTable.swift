import Glibc
import Markup

/// A one-byte charset's upper half as UTF-8, asked of iconv once per
/// document; bytes the charset leaves undefined become U+FFFD.
struct SingleByteTable {
    /// For each byte 0x80–0xFF: up to three UTF-8 bytes and their count.
    private var entries: [(UInt8, UInt8, UInt8, UInt8)] = []

    init?(charset: String) {
        let cd = iconv_open("UTF-8", charset)
        guard let cd, cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        entries.reserveCapacity(128)
        for byte in UInt8(0x80)...0xFF {
            var input: [CChar] = [CChar(bitPattern: byte)]
            var output: [CChar] = [0, 0, 0, 0, 0, 0, 0, 0]
            var inLeft = 1, outLeft = 8
            let ok = input.withUnsafeMutableBufferPointer { ib in
                output.withUnsafeMutableBufferPointer { ob -> Bool in
                    var ip: UnsafeMutablePointer<CChar>? = ib.baseAddress
                    var op: UnsafeMutablePointer<CChar>? = ob.baseAddress
                    return Glibc.iconv(cd, &ip, &inLeft, &op, &outLeft) != -1 && inLeft == 0
                }
            }
            let count = 8 - outLeft
            if ok, (1...3).contains(count) {
                entries.append((UInt8(bitPattern: output[0]), UInt8(bitPattern: output[1]), UInt8(bitPattern: output[2]), UInt8(count)))
            } else {
                entries.append((0xEF, 0xBF, 0xBD, 3))
            }
        }
    }

    /// windows-1252 (and so ISO-8859-1 and US-ASCII, as browsers read them).
    static let windows1252: SingleByteTable = {
        var t = SingleByteTable()
        for byte in UInt8(0x80)...0xFF {
            var utf8: [UInt8] = []
            Windows1252.appendUTF8(of: byte, to: &utf8)
            utf8 += [0, 0]
            t.entries.append((utf8[0], utf8[1], utf8[2], UInt8(utf8.count - 2)))
        }
        return t
    }()

    private init() {}

    func decode(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        entries.withUnsafeBufferPointer { entries in
            // An entry is four bytes: its UTF-8 and their count last. It is
            // stored whole (one store, not three) and the count steps over
            // what the next character overwrites, hence the spare capacity.
            let table = UnsafeRawBufferPointer(entries)
            return [UInt8](unsafeUninitializedCapacity: b.count * 3 + 8) { out, written in
                var k = 0
                var i = 0
                let raw = UnsafeRawBufferPointer(b)
                @inline(__always) func decodeOne() {
                    let byte = b[i]
                    i += 1
                    if byte < 0x80 {
                        out[k] = byte
                        k += 1
                    } else {
                        let e = table.loadUnaligned(fromByteOffset: Int(byte &- 0x80) * 4, as: UInt32.self)
                        UnsafeMutableRawPointer(out.baseAddress! + k).storeBytes(of: e, as: UInt32.self)
                        k += Int(e >> 24)
                    }
                }
                while i + 8 <= b.count {
                    // ASCII eight bytes at a time; eight that are not are decoded
                    // one by one before the next test (in Cyrillic or Greek text
                    // most are not, and a test per byte cost as much as the byte).
                    let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    if w & 0x8080_8080_8080_8080 == 0 {
                        UnsafeMutableRawPointer(out.baseAddress! + k).storeBytes(of: w, as: UInt64.self)
                        k += 8
                        i += 8
                        continue
                    }
                    for _ in 0..<8 { decodeOne() }
                }
                while i < b.count { decodeOne() }
                written = k
            }
        }
    }
}
