/// Bytes not valid in a document's charset, as `FeedProblem.invalidBytes`:
/// counted only when the transcoder had to repair or replace something, so a
/// clean document pays nothing.
enum InvalidBytes {
    /// The bytes iconv could not read in a document of another charset (each became U+FFFD).
    struct Unreadable {
        var count = 0
        var first: Int?
        mutating func note(_ offset: Int) {
            if first == nil { first = offset }
            count += 1
        }

        func problem(charset: Charset, offset: Int) -> FeedProblem? {
            guard let first else { return nil }
            return .invalidBytes(count: count, charset: charset.name, readAs: "U+FFFD", firstOffset: offset + first)
        }
    }

    /// What `UTF8Transcoder.repairedUTF8` read as windows-1252; nil when every byte is valid UTF-8.
    /// `offset` is where `bytes` start in the document.
    static func utf8(in bytes: UnsafeBufferPointer<UInt8>, offset: Int) -> FeedProblem? {
        var i = 0
        var count = 0
        var first: Int?
        while i < bytes.count {
            if let length = UTF8Transcoder.sequenceLength(bytes, at: i) {
                i += length
            } else {
                if first == nil { first = i }
                count += 1
                i += 1
            }
        }
        guard let first else { return nil }
        return .invalidBytes(count: count, charset: "UTF-8", readAs: "windows-1252", firstOffset: offset + first)
    }
}
