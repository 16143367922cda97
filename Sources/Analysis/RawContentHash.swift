import Crypto
import WirewatchCore

/// What lets a feed entry listed again as it was skip cleaning: a hash of its title and body as the
/// feed sent them (after XML, before `CleanText`). Equal to the stored one, the entry's clean text, and
/// so its `ContentHash`, is what the store holds. Different, it proves nothing (markup, a tracking
/// query string): the entry is cleaned and its `ContentHash` decides, as for an entry without one.
public enum RawContentHash {
    /// Names what the hash covers and how; a stored hash of another scheme never equals a new one, so
    /// the entry is cleaned once and its hash refilled.
    public static let scheme = "r1"

    /// Covers what `ContentHash.of` cleans, the title and `bodyHTML`, and nothing else: a new summary
    /// beside unchanged content cleans to the same text. SHA-256 (the first 128 bits), not `StableHash`:
    /// it hashes every seen entry's whole body on every poll, and with the CPU's SHA instructions it made
    /// sorting the entries 2.2 times cheaper than `StableHash.hex`'s two FNV-1a passes a byte at a time
    /// (the RSS document of bench/poll, measured when it was written).
    public static func of(_ article: Article) -> String {
        var sha = SHA256()
        for var part in [article.title, article.bodyHTML] {
            // Each part's length first, so text moved across the boundary changes the hash.
            withUnsafeBytes(of: UInt64(part.utf8.count).littleEndian) { sha.update(bufferPointer: $0) }
            part.withUTF8 { sha.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
        var hex = scheme + ":"
        for byte in sha.finalize().prefix(16) {
            hex.unicodeScalars.append(digits[Int(byte >> 4)])
            hex.unicodeScalars.append(digits[Int(byte & 15)])
        }
        return hex
    }

    private static let digits = Array("0123456789abcdef".unicodeScalars)
}
