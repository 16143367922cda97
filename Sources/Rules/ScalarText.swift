import Analysis
import Glibc
import Markup

/// A text addressed by Unicode scalar offsets (the unit of query columns and
/// of evidence spans) that cuts pieces out of the string's own UTF-8: no copy
/// of the whole text is made, and a piece, being whole scalars of valid text,
/// is not validated again. Compiling 100,000 rules cuts millions of query
/// tokens, and evidence is cut for every rule that fires, so both must be cheap.
struct ScalarText {
    /// Contiguous UTF-8, so that its bytes can be read in place.
    let string: String
    /// Nearly every text is ASCII or nearly so: per scalar outside ASCII, in
    /// order, its offset (`wide`) and how many bytes past one each scalar up
    /// to and including it takes (`extra`). Both are empty for an ASCII text,
    /// where a scalar offset is a byte offset.
    private let wide: [Int32]
    private let extra: [Int32]
    let count: Int

    init(_ text: String) {
        var text = text
        text.makeContiguousUTF8()
        string = text
        let bytes = text.utf8.count
        var wide: [Int32] = [], extra: [Int32] = []
        var total = 0
        text.utf8.withContiguousStorageIfAvailable { utf8 in
            guard !Self.isASCII(utf8) else { return }
            for i in utf8.indices where utf8[i] >= 0xC0 {   // the first byte of a scalar outside ASCII
                let lead = utf8[i]
                wide.append(Int32(i - total))
                total += lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1
                extra.append(Int32(total))
            }
        }
        self.wide = wide
        self.extra = extra
        count = bytes - total
    }

    var isASCII: Bool { wide.isEmpty }

    /// 32 bytes at a time: the text of every article a rule fires on is read.
    /// (A string knows whether it is ASCII, but does not say; its UTF-16
    /// count would, in constant time, for a string that flags itself ASCII,
    /// which the analysis's texts do not, and counting their UTF-16 costs more.)
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let raw = UnsafeRawBufferPointer(bytes)
        var i = 0
        var high: UInt64 = 0
        while i + 32 <= raw.count {
            high |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                | raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
            i += 32
        }
        while i < raw.count {
            high |= UInt64(raw[i])
            i += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }

    /// Where scalar `i` (or the end, at `count`) starts in the UTF-8.
    @inline(__always)
    func utf8Offset(_ i: Int) -> Int {
        guard !wide.isEmpty else { return i }
        let k = wide.partitioningIndex { Int($0) >= i }
        return k == 0 ? i : i + Int(extra[k - 1])
    }

    /// Calls `body` with the text's UTF-8.
    @inline(__always)
    func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        string.withUTF8Bytes(body)
    }

    /// Scalars `a..<b` (clamped to the text), as written.
    func text(_ a: Int, _ b: Int) -> String {
        let lo = max(0, min(a, count)), hi = max(lo, min(b, count))
        return cut(utf8Offset(lo), utf8Offset(hi), oneLine: false)
    }

    /// Scalars `a..<b` on one line (line breaks as spaces), with "…" on the cut sides.
    func line(_ a: Int, _ b: Int, ellipsisBefore: Bool = false, ellipsisAfter: Bool = false) -> String {
        cut(utf8Offset(a), utf8Offset(b), oneLine: true, ellipsisBefore: ellipsisBefore, ellipsisAfter: ellipsisAfter)
    }

    /// Bytes `from..<to`, copied once into a buffer on the stack and from there into the string.
    private func cut(_ from: Int, _ to: Int, oneLine: Bool, ellipsisBefore: Bool = false, ellipsisAfter: Bool = false) -> String {
        let length = to - from, capacity = length + (ellipsisBefore ? 3 : 0) + (ellipsisAfter ? 3 : 0)
        guard capacity > 0 else { return "" }
        return withUTF8 { source in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { out in
                let base = out.baseAddress!
                var n = 0
                if ellipsisBefore { base[0] = 0xE2; base[1] = 0x80; base[2] = 0xA6; n = 3 }
                if length > 0 {
                    (base + n).update(from: source.baseAddress! + from, count: length)
                    if oneLine, length < 32 {
                        // A word or two: a call of memchr costs more than looking.
                        for i in n..<n + length where base[i] == 0x0A { base[i] = 0x20 }
                    } else if oneLine {
                        var p = UnsafeMutableRawPointer(base + n)
                        let end = p + length
                        while p < end, let hit = memchr(p, 0x0A, end - p) {
                            hit.storeBytes(of: 0x20, as: UInt8.self)
                            p = hit + 1
                        }
                    }
                    n += length
                }
                if ellipsisAfter { base[n] = 0xE2; base[n + 1] = 0x80; base[n + 2] = 0xA6; n += 3 }
                // Whole scalars of valid UTF-8, line feeds turned to spaces, and ellipses: valid.
                return String(validUTF8: UnsafeBufferPointer(start: base, count: n), isKnownASCII: isASCII && !ellipsisBefore && !ellipsisAfter)
            }
        }
    }

    /// Whether scalar `i` is white space (the ASCII space, tab, line feed and
    /// carriage return, or Unicode's white space outside ASCII), in `utf8`, this text's.
    @inline(__always)
    func isSpace(_ i: Int, in utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let from = utf8Offset(i)
        let lead = utf8[from]
        if lead < 0x80 { return lead == 0x20 || lead == 0x0A || lead == 0x09 || lead == 0x0D }
        return Self.isSpace(scalarAt: from, in: utf8)
    }

    /// Scalar `i`, in `utf8`, this text's.
    @inline(__always)
    func scalar(_ i: Int, in utf8: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar {
        utf8.scalar(at: utf8Offset(i)).scalar
    }

    /// Decodes the scalar outside ASCII at byte `from` and asks Unicode's tables (out of line: rare).
    @inline(never)
    private static func isSpace(scalarAt from: Int, in utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        utf8.scalar(at: from).scalar.properties.isWhitespace
    }
}

extension String {
    /// Calls `body` with this string's UTF-8.
    func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        utf8.withContiguousStorageIfAvailable(body) ?? Array(utf8).withUnsafeBufferPointer(body)
    }
}
