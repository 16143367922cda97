extension String {
    /// Whether `needle`'s UTF-8 bytes occur in this string's, compared byte
    /// for byte: for ASCII tokens such as "html" in a MIME type, where
    /// Foundation's and the generic `firstRange(of:)` searches both showed
    /// in the parser's profile.
    func containsBytes(_ needle: StaticString) -> Bool {
        var s = self
        return s.withUTF8 { hay in
            let n = needle.utf8CodeUnitCount
            guard n > 0, hay.count >= n else { return n == 0 }
            let first = needle.utf8Start.pointee
            for i in 0...(hay.count - n) where hay[i] == first {
                var k = 1
                while k < n, hay[i + k] == needle.utf8Start[k] { k += 1 }
                if k == n { return true }
            }
            return false
        }
    }
}
