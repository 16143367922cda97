/// A query's text by Unicode scalar (the unit of columns), with each
/// scalar's UTF-8 offset, so that cutting a token's text out is one copy
/// of bytes instead of a string grown scalar by scalar: compiling 100,000
/// rules cuts millions of them.
struct QueryText {
    let scalars: [Unicode.Scalar]
    private let utf8: [UInt8]
    /// `offsets[i]`: where scalar `i` starts in `utf8`; one more entry for the end.
    private let offsets: [Int]

    init(_ query: String) {
        scalars = Array(query.unicodeScalars)
        utf8 = Array(query.utf8)
        var offsets: [Int] = []
        offsets.reserveCapacity(scalars.count + 1)
        var o = 0
        for c in scalars {
            offsets.append(o)
            o += UTF8.width(c)
        }
        offsets.append(o)
        self.offsets = offsets
    }

    var count: Int { scalars.count }

    /// Scalars `a..<b` (clamped to the text).
    func text(_ a: Int, _ b: Int) -> String {
        let lo = max(0, min(a, scalars.count)), hi = max(lo, min(b, scalars.count))
        return String(decoding: utf8[offsets[lo]..<offsets[hi]], as: UTF8.self)
    }
}

extension Unicode.Scalar {
    /// White space, asking Unicode's tables only outside ASCII (they are slow to ask).
    var isQuerySpace: Bool {
        value < 0x80 ? (value == 0x20 || (0x09...0x0D).contains(value)) : properties.isWhitespace
    }
}
