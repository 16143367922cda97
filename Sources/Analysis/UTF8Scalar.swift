extension UnsafeBufferPointer where Element == UInt8 {
    /// The scalar whose UTF-8 encoding starts at byte `i`, and its length in bytes.
    /// The bytes must be valid UTF-8 (a String's), so nothing is checked.
    @inlinable
    public func scalar(at i: Int) -> (scalar: Unicode.Scalar, width: Int) {
        let lead = UInt32(self[i])
        let v: UInt32, width: Int
        if lead < 0x80 {
            return (Unicode.Scalar(UInt8(lead)), 1)
        } else if lead < 0xE0 {
            v = (lead & 0x1F) << 6 | UInt32(self[i + 1] & 0x3F)
            width = 2
        } else if lead < 0xF0 {
            v = (lead & 0x0F) << 12 | UInt32(self[i + 1] & 0x3F) << 6 | UInt32(self[i + 2] & 0x3F)
            width = 3
        } else {
            v = (lead & 0x07) << 18 | UInt32(self[i + 1] & 0x3F) << 12 | UInt32(self[i + 2] & 0x3F) << 6 | UInt32(self[i + 3] & 0x3F)
            width = 4
        }
        return (Unicode.Scalar(v).unsafelyUnwrapped, width)
    }
}

extension Array where Element == Unicode.Scalar {
    /// The scalars of `text`, decoded from its UTF-8 in one pass; `Array(text.unicodeScalars)`
    /// walks the text twice, once to count and once to copy.
    init(scalarsOf text: String) {
        var text = text
        self = text.withUTF8 { b in
            [Unicode.Scalar](unsafeUninitializedCapacity: b.count) { out, count in
                var i = 0, k = 0
                while i < b.count {
                    let (u, width) = b.scalar(at: i)
                    (out.baseAddress! + k).initialize(to: u)
                    k += 1
                    i += width
                }
                count = k
            }
        }
    }
}
