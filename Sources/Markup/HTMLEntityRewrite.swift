import CLibXML2

/// Feeds often use HTML named entities (`&nbsp;`, `&eacute;`) without a DTD
/// that declares them; an XML parser drops them. Before parsing, each such
/// reference is rewritten as the numeric reference a browser would read.
enum HTMLEntityRewrite {
    private static let xmlPredefined: Set<String> = ["amp", "lt", "gt", "quot", "apos"]

    static func numericReferences(in bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(UInt8(ascii: "&")) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            guard b == UInt8(ascii: "&") else { out.append(b); i += 1; continue }
            // Look for &name; with a short ASCII-alphanumeric name.
            var j = i + 1
            while j < n, j - i <= 32, isNameByte(bytes[j]) { j += 1 }
            if j < n, j > i + 1, bytes[j] == UInt8(ascii: ";") {
                let name = String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
                if !xmlPredefined.contains(name), let code = lookup(name) {
                    out.append(contentsOf: Array("&#\(code);".utf8))
                    i = j + 1
                    continue
                }
            }
            out.append(b)
            i += 1
        }
        return out
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    private static func lookup(_ name: String) -> UInt32? {
        name.withCString { ptr in
            ptr.withMemoryRebound(to: xmlChar.self, capacity: name.utf8.count + 1) { htmlEntityLookup($0)?.pointee.value }
        }
    }
}
