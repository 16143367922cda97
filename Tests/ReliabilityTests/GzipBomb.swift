import Foundation
import TestSupport

/// 10 MiB of gzip that inflates to 10 GiB of zeros, made as it is sent: a
/// gzip header, one deflate block of 1 MiB of zeros (from `Fixtures/`,
/// flushed to a byte boundary so it can be repeated) sent 10,240 times, the
/// final empty block and the trailer.
enum GzipBomb {
    static let repeats = 10_240
    static let unit: Data = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/zeros-1MiB.deflate")
        return (try? Data(contentsOf: url)) ?? Data()
    }()
    static let header = Data([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03])
    /// The last (empty, final) block, the CRC-32 of 10 GiB of zeros (0xF41D912F, computed once with
    /// Python's zlib.crc32) and the length mod 2^32 (0), little-endian.
    static let trailer = Data([0x03, 0x00, 0x2F, 0x91, 0x1D, 0xF4, 0, 0, 0, 0])

    static var delivery: LoopbackHTTPServer.Delivery {
        .generated(count: repeats + 2) { i in i == 0 ? header : i <= repeats ? unit : trailer }
    }
}
