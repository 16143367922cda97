import WirewatchCore

/// 64-bit FNV-1a over UTF-8 bytes: the word hash the analysis's tables are keyed by
/// (`Token.hash`) and the rules' word tables are probed with.
public enum WordHash {
    @inlinable public static var basis: UInt64 { 0xcbf2_9ce4_8422_2325 }  // StableHash.fnv1aBasis, as a literal so that it folds

    /// One byte more: the tokenizer hashes a word while it folds it.
    @inlinable
    public static func step(_ h: UInt64, _ byte: UInt8) -> UInt64 { StableHash.fnv1aStep(h, byte) }

    @inlinable
    public static func of(_ s: String) -> UInt64 {
        var h = basis
        for b in s.utf8 { h = step(h, b) }
        return h
    }

    @inlinable
    public static func of(_ bytes: UnsafeBufferPointer<UInt8>, count: Int) -> UInt64 {
        var h = basis
        for i in 0..<count { h = step(h, bytes[i]) }
        return h
    }
}
