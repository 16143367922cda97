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
        entries.withUnsafeBufferPointer { table in
            [UInt8](unsafeUninitializedCapacity: b.count * 3) { out, written in
                var k = 0
                for byte in b {
                    if byte < 0x80 {
                        out[k] = byte
                        k += 1
                    } else {
                        let e = table[Int(byte &- 0x80)]
                        out[k] = e.0
                        out[k + 1] = e.1
                        out[k + 2] = e.2
                        k += Int(e.3)
                    }
                }
                written = k
            }
        }
    }
}
