@testable import FeedParsing
import Testing

/// The table decoder must read every byte exactly as glibc's iconv does.
@Suite struct SingleByteTableTests {
    @Test(arguments: ["ISO-8859-2", "ISO-8859-5", "ISO-8859-7", "ISO-8859-15", "CP1250", "CP1251", "CP1253", "CP1257", "KOI8-R", "KOI8-U", "CP874"])
    func matchesIconv(_ charset: String) throws {
        let table = try #require(SingleByteTable(charset: charset))
        let bytes = (0...255).map { UInt8($0) }
        let fromTable = bytes.withUnsafeBufferPointer { table.decode($0) }
        var fromIconv: [UInt8] = []
        for b in bytes {
            fromIconv += [b].withUnsafeBufferPointer { UTF8Transcoder.iconv($0, from: charset) } ?? []
        }
        #expect(fromTable == fromIconv)
    }

    @Test func windows1252() {
        let bytes: [UInt8] = [0x41, 0x80, 0x93, 0x94, 0x96, 0xE9, 0x81]
        let decoded = bytes.withUnsafeBufferPointer { SingleByteTable.windows1252.decode($0) }
        #expect(String(decoding: decoded, as: UTF8.self) == "A€“”–é\u{81}")
    }
}
