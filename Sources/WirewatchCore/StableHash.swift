/// Deterministic hashes for identifiers that must survive restarts
/// (Swift's `Hasher` is seeded per process, so it cannot be used here).
public enum StableHash {
    /// 64-bit FNV-1a over the UTF-8 bytes of `parts`, separated by a 0x1F byte.
    public static func fnv1a64(_ parts: [String], seed: UInt64 = fnv1aBasis) -> UInt64 {
        var h = seed
        for (i, part) in parts.enumerated() {
            if i > 0 { h = fnv1aStep(h, 0x1F) }
            for b in part.utf8 { h = fnv1aStep(h, b) }
        }
        return h
    }

    /// FNV-1a's offset basis and one step of it (the analysis's `WordHash` too).
    public static let fnv1aBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    @inlinable
    public static func fnv1aStep(_ h: UInt64, _ byte: UInt8) -> UInt64 { (h ^ UInt64(byte)) &* 0x100_0000_01b3 }

    /// 128 bits as 32 lowercase hex digits: two FNV-1a passes with different seeds.
    public static func hex(_ parts: String...) -> String {
        let a = fnv1a64(parts)
        let b = fnv1a64(parts, seed: 0x8422_2325_cbf2_9ce4)
        return hex64(a) + hex64(b)
    }

    public static func hex64(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}

extension StableHash {
    private static let crockford = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// 128 bits as 26 Crockford base-32 digits (the shape of a ULID, but a
    /// deterministic function of `parts`).
    public static func crockford128(_ parts: String...) -> String {
        let hi = fnv1a64(parts)
        let lo = fnv1a64(parts, seed: 0x8422_2325_cbf2_9ce4)
        var out: [Character] = []
        out.reserveCapacity(26)
        // 130 bits of room; take 5 bits at a time from the 128-bit value, high first.
        for i in (0..<26).reversed() {
            let shift = i * 5
            var v: UInt64
            if shift >= 64 {
                v = hi >> UInt64(shift - 64)
            } else if shift == 0 {
                v = lo
            } else {
                v = (lo >> UInt64(shift)) | (hi << UInt64(64 - shift))
            }
            out.append(crockford[Int(v & 31)])
        }
        return String(out)
    }
}
