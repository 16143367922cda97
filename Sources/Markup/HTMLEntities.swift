import CLibXML2

/// HTML 4's named character references, from libxml2's table, in an
/// open-addressed table keyed by the name's bytes packed into one word:
/// `htmlEntityLookup` compares the name with each of its 253 entries in turn,
/// and a `[String: UInt32]` made and hashed a string per reference (a feed
/// body has one every few words), both of which showed in the parser's profile.
enum HTMLEntities {
    private static let slots = 1024
    /// (packed name, code point); a zero name marks an empty slot (names have no NUL).
    private static let table: [(UInt64, UInt32)] = {
        var table = [(UInt64, UInt32)](repeating: (0, 0), count: slots)
        // libxml2 has no way to list the table, but answers by value; HTML 4's
        // entities stop at U+2666 (&diams;).
        for value in UInt32(1)...0x2666 {
            guard let entity = htmlEntityValueLookup(value), let name = entity.pointee.name else { continue }
            let bytes = Array(String(cString: name).utf8)
            guard let key = bytes.withUnsafeBufferPointer(packed) else { continue }
            var slot = slot(of: key)
            while table[slot].0 != 0, table[slot].0 != key { slot = (slot + 1) & (slots - 1) }
            if table[slot].0 == 0 { table[slot] = (key, value) }
        }
        return table
    }()

    /// The code point `name` (without "&" and ";") stands for, case-sensitively.
    static func code(_ name: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard let key = packed(name) else { return nil }
        return table.withUnsafeBufferPointer { t in
            var slot = slot(of: key)
            while t[slot].0 != 0 {
                if t[slot].0 == key { return t[slot].1 }
                slot = (slot + 1) & (slots - 1)
            }
            return nil
        }
    }

    /// Up to eight bytes, none of them NUL, little-endian in one word (the longest HTML 4 name has eight).
    private static func packed(_ name: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard !name.isEmpty, name.count <= 8 else { return nil }
        var key: UInt64 = 0
        for k in 0..<name.count {
            guard name[k] != 0 else { return nil }
            key |= UInt64(name[k]) << (8 * UInt64(k))
        }
        return key
    }

    private static func slot(of key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 54) & (slots - 1)
    }
}
