/// Every element name `ElementRole`'s sets mention, in an open-addressed
/// table keyed by the name's bytes: a tag's role is found without making a
/// string or hashing one (a content body has a tag every few words).
struct KnownElements {
    static let table = KnownElements()

    private var keys: [NameKey]
    private var roles: [ElementRole?]
    private static let slots = 512

    private init() {
        keys = Array(repeating: NameKey(), count: Self.slots)
        roles = Array(repeating: nil, count: Self.slots)
        var names = ElementRole.skippedNames.union(ElementRole.rawTextNames).union(ElementRole.blockNames)
            .union(ElementRole.voidNames).union(HTMLSanitiser.allowedElements)
        names.insert("html"); names.insert("body")
        for name in names {
            let key = Array(name.utf8).withUnsafeBufferPointer { NameKey(lowercasing: $0)! }
            var slot = key.slot(Self.slots)
            while roles[slot] != nil { slot = (slot + 1) & (Self.slots - 1) }
            keys[slot] = key
            roles[slot] = ElementRole(name)
        }
    }

    func role(for key: NameKey) -> ElementRole? {
        // Probed by key alone (an empty slot's key is all zeros, which no name's is):
        // a role is copied only when found, not for each slot looked at.
        let empty = NameKey()
        var slot = key.slot(Self.slots)
        while keys[slot] != empty {
            if keys[slot] == key { return roles[slot] }
            slot = (slot + 1) & (Self.slots - 1)
        }
        return nil
    }
}

/// A name of at most 15 bytes, lowercased (ASCII), packed into two words with its length.
struct NameKey: Hashable {
    var low: UInt64 = 0
    var high: UInt64 = 0

    init() {}

    /// nil when the name is longer than 15 bytes.
    init?(lowercasing bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count <= 15 else { return nil }
        for k in 0..<bytes.count {
            let c = bytes[k]
            let lower = UInt64(c >= 0x41 && c <= 0x5A ? c + 0x20 : c)
            if k < 8 { low |= lower << (8 * UInt64(k)) } else { high |= lower << (8 * UInt64(k - 8)) }
        }
        high |= UInt64(bytes.count) << 56 // keeps "a" apart from "a\u{0}"
    }

    func slot(_ count: Int) -> Int {
        Int(truncatingIfNeeded: ((low ^ (high &* 0x2545_F491_4F6C_DD1D)) &* 0x9E37_79B9_7F4A_7C15) >> 40) & (count - 1)
    }

    static func lowercased(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
    }
}
