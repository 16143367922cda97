import CLibXML2

/// HTML 4's named character references, from libxml2's table, in a
/// dictionary: `htmlEntityLookup` compares the name with each of its 253
/// entries in turn, which showed in the parser's profile.
enum HTMLEntities {
    private static let table: [String: UInt32] = {
        var names: [String: UInt32] = [:]
        // libxml2 has no way to list the table, but answers by value; HTML 4's
        // entities stop at U+2666 (&diams;).
        for value in UInt32(1)...0x2666 {
            guard let entity = htmlEntityValueLookup(value), let name = entity.pointee.name else { continue }
            names[String(cString: name)] = value
        }
        return names
    }()

    /// The code point `name` (without "&" and ";") stands for, case-sensitively.
    static func code(_ name: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard name.count <= 8 else { return nil }
        return table[String(decoding: name, as: UTF8.self)]
    }
}
