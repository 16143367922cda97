extension String {
    /// A string of bytes that are valid UTF-8 by construction, without
    /// checking them again: the parser's text is validated once, where the
    /// document enters (the transcoder), and every later step splits it only
    /// at character boundaries. Checking each field again cost a tenth of a
    /// parse. Debug builds still check. `isKnownASCII` (the caller has seen
    /// every byte below 0x80) spares the new string a scan to learn it.
    public init(validUTF8 bytes: UnsafeBufferPointer<UInt8>, isKnownASCII: Bool = false) {
        assert(bytes.isEmpty || (try? UTF8Span(validating: unsafe bytes.span)) != nil, "not valid UTF-8")
        assert(!isKnownASCII || bytes.allSatisfy { $0 < 0x80 }, "not ASCII")
        if #available(macOS 26, *) {
            self = String(copying: unsafe UTF8Span(unchecked: unsafe bytes.span, isKnownASCII: isKnownASCII))
        } else {
            self = String(decoding: bytes, as: UTF8.self)
        }
    }
}
