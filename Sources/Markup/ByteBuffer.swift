import Glibc

/// Bytes written by appending, for the parser's hottest writers (the repair
/// pass, the sanitiser): `Array.append(contentsOf:)` cost 100–200
/// instructions a call in the parser's profile (uniqueness and capacity
/// checks, generic copying), which those writers pay once per reference or
/// tag; here an append is a capacity check and a `memcpy`.
final class ByteBuffer {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 0) {
        self.capacity = Swift.max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    var isEmpty: Bool { count == 0 }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    subscript(i: Int) -> UInt8 { base[i] }

    /// Room for `extra` more bytes without growing again.
    @inline(__always)
    func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let grown = Swift.max(count + extra, capacity * 2)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = grown
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let from = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).update(from: from, count: bytes.count)
        count += bytes.count
    }

    @inline(__always)
    func append(_ s: StaticString) {
        append(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// Up to eight bytes held in a word (little-endian), `n` of them.
    @inline(__always)
    func append(word: UInt64, count n: Int) {
        reserve(8)
        UnsafeMutableRawPointer(base + count).storeBytes(of: word.littleEndian, as: UInt64.self)
        count += n
    }

    func append(_ string: String) {
        var s = string
        s.withUTF8 { append($0) }
    }

    /// Drops the first `k` bytes, keeping the rest (and the capacity).
    func removeFirst(_ k: Int) {
        guard k > 0 else { return }
        memmove(base, base + k, count - k)
        count -= k
    }

    func removeAll() { count = 0 }

    /// The bytes as a string; they must be valid UTF-8 (see `String(validUTF8:)`).
    func string() -> String { String(validUTF8: bytes) }
}
