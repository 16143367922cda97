/// HTML's void elements as feeds write them inside XML: `<br>`, `<img src=…>`,
/// `</br>`. (`link`, `meta` and `base` are left alone: RSS has a `<link>`
/// element with content.)
enum VoidElement {
    enum Fix: Equatable {
        /// Insert "/" at this index, just before the tag's ">".
        case selfClose(Int)
        /// Drop the stray end tag up to this index.
        case drop(Int)
    }

    private static let names: [[UInt8]] = ["br", "img", "hr", "wbr", "source", "embed", "col", "area", "param", "track", "input"]
        .map { Array($0.utf8) }

    /// What to do with the tag at `i` (a "<"), nil when it is not a void element's.
    static func fix(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Fix? {
        let n = s.count
        var j = i + 1
        let closing = j < n && s[j] == 0x2F
        if closing { j += 1 }
        guard j < n, isNameStart(s[j]) else { return nil }
        var nameStart = j
        while j < n, isNameByte(s[j]) {
            if s[j] == 0x3A { nameStart = j + 1 } // a prefix: "xhtml:br"
            j += 1
        }
        guard j - nameStart >= 2, j - nameStart <= 6, isVoid(s, nameStart..<j) else { return nil }
        if closing {
            while j < n, s[j] == 0x20 || s[j] == 0x09 || s[j] == 0x0A || s[j] == 0x0D { j += 1 }
            return j < n && s[j] == 0x3E ? .drop(j + 1) : nil
        }
        guard j < n, s[j] == 0x20 || s[j] == 0x09 || s[j] == 0x0A || s[j] == 0x0D || s[j] == 0x3E || s[j] == 0x2F else { return nil }
        // Find the tag's ">" outside quoted values.
        var quote: UInt8 = 0
        while j < n {
            let c = s[j]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == 0x22 || c == 0x27 {
                quote = c
            } else if c == 0x3C {
                return nil
            } else if c == 0x3E {
                return s[j - 1] == 0x2F ? nil : .selfClose(j)
            }
            j += 1
        }
        return nil
    }

    private static func isVoid(_ s: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        names.contains { name in
            name.count == r.count && zip(name, s[r]).allSatisfy { $0 == $1 | 0x20 }
        }
    }

    private static func isNameStart(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }

    private static func isNameByte(_ c: UInt8) -> Bool {
        isNameStart(c) || (c >= 0x30 && c <= 0x39) || c == 0x3A || c == 0x2D || c == 0x5F || c == 0x2E
    }
}
