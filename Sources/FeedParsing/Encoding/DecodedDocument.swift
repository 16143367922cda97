import Foundation

/// An XML document's bytes as UTF-8, read in the charset its byte order mark or
/// declaration names (as a feed is; RFC 7303's precedence): for XML read outside
/// a feed, such as an OPML list a reader saved in Latin-1.
public enum DecodedDocument {
    public static func utf8(_ data: Data, contentType: String? = nil) -> [UInt8] {
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let detected = DocumentCharset.detect(bytes, contentType: contentType)
            let body = UnsafeBufferPointer(rebasing: bytes[detected.bomLength...])
            return UTF8Transcoder.utf8(body, charset: detected.charset) ?? Array(body)
        }
    }
}
