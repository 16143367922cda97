import Glibc

/// Bytes written by appending, for the parser's hottest writers (the repair
/// pass, the sanitiser): `Array.append(contentsOf:)` cost 100–200
/// instructions a call in the parser's profile (uniqueness and capacity
/// checks, generic copying), which those writers pay once per reference or
/// tag; here an append is a capacity check and a `memcpy`.
public final class ByteBuffer {
    // Unchecked: a buffer has one writer at a time, and a checked access per
    // append (the checks are dynamic for a class) cost more than the append.
    @exclusivity(unchecked) @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) @usableFromInline var used = 0
    public var count: Int { used }
    @exclusivity(unchecked) @usableFromInline var capacity: Int

    public init(capacity: Int = 0) {
        self.capacity = Swift.max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    public var isEmpty: Bool { count == 0 }

    public var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    subscript(i: Int) -> UInt8 { base[i] }

    /// Room for `extra` more bytes without growing again.
    @inlinable
    func reserve(_ extra: Int) {
        guard used + extra > capacity else { return }
        let grown = Swift.max(used + extra, capacity * 2)
        grow(to: grown)
    }

    @usableFromInline
    func grow(to grown: Int) {
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = grown
    }

    @inlinable
    public func append(_ byte: UInt8) {
        reserve(1)
        base[used] = byte
        used += 1
    }

    @inlinable
    public func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let from = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + used).update(from: from, count: bytes.count)
        used += bytes.count
    }

    @inline(__always)
    func append(_ s: StaticString) {
        append(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// Up to eight bytes held in a word (little-endian), `n` of them.
    @inline(__always)
    func append(word: UInt64, count n: Int) {
        reserve(8)
        UnsafeMutableRawPointer(base + used).storeBytes(of: word.littleEndian, as: UInt64.self)
        used += n
    }

    public func append(_ string: String) {
        var s = string
        s.withUTF8 { append($0) }
    }

    /// Drops the first `k` bytes, keeping the rest (and the capacity).
    func removeFirst(_ k: Int) {
        guard k > 0 else { return }
        memmove(base, base + k, used - k)
        used -= k
    }

    /// The bytes as a string; they must be valid UTF-8 (see `String(validUTF8:)`).
    func string() -> String { String(validUTF8: bytes) }

    /// `bytes` escaped for XML and HTML text (`&`, `<`, `>`; with `quote`,
    /// `"` too, for an attribute value), the runs between them copied whole
    /// and found eight bytes at a time (bodies are mostly such runs).
    @inline(__always)
    public func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, quote: Bool = false) {
        var from = 0
        var i = 0
        let n = bytes.count
        let raw = UnsafeRawBufferPointer(bytes)
        while i < n {
            while i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let a = w ^ 0x2626_2626_2626_2626, l = w ^ 0x3C3C_3C3C_3C3C_3C3C, g = w ^ 0x3E3E_3E3E_3E3E_3E3E
                let ones: UInt64 = 0x0101_0101_0101_0101
                var found = (a &- ones) & ~a | (l &- ones) & ~l | (g &- ones) & ~g
                if quote {
                    let q = w ^ 0x2222_2222_2222_2222
                    found |= (q &- ones) & ~q
                }
                found &= 0x8080_8080_8080_8080
                // The lowest flagged byte is a true hit (false ones lie only above one): go straight to it.
                if found != 0 { i += found.trailingZeroBitCount >> 3; break }
                i += 8
            }
            guard i < n else { break }
            let b = bytes[i]
            i += 1
            let escaped: StaticString
            switch b {
            case 0x26: escaped = "&amp;"
            case 0x3C: escaped = "&lt;"
            case 0x3E: escaped = "&gt;"
            case 0x22 where quote: escaped = "&quot;"
            default: continue
            }
            append(UnsafeBufferPointer(rebasing: bytes[from..<(i - 1)]))
            append(UnsafeBufferPointer(start: escaped.utf8Start, count: escaped.utf8CodeUnitCount))
            from = i
        }
        append(UnsafeBufferPointer(rebasing: bytes[from...]))
    }
}
