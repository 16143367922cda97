import Foundation

/// What a document is, from its first bytes (like NetNewsWire's sniffing, and
/// before paying for a parse).
enum DocumentSniffer {
    enum Kind: Equatable { case empty, xml, json, html, other(String) }

    static func kind(of b: UnsafeBufferPointer<UInt8>) -> Kind {
        guard let first = b.first else { return .empty }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return .json }
        guard first == UInt8(ascii: "<") else {
            let start = String(decoding: b.prefix(40), as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            // A binary file's control bytes, echoed into the error, would garble the terminal or log that shows it.
            return .other(start.unicodeScalars.map { $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0) }.joined())
        }
        let head = String(decoding: b.prefix(512), as: UTF8.self).lowercased()
        if head.hasPrefix("<!doctype html") || head.hasPrefix("<html") { return .html }
        // An XML declaration or a comment, then an html root.
        if !head.contains("<rss"), !head.contains("<feed"), !head.contains("rdf"), head.contains("<html") { return .html }
        return .xml
    }

    /// Skips what comes before the document proper: white space, and text a
    /// misconfigured server printed before the XML (a PHP warning, say).
    static func skippingPreamble(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var i = 0
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 || b[i] == 0x0C { i += 1 }
        if i < b.count, b[i] != UInt8(ascii: "<"), b[i] != UInt8(ascii: "{"), b[i] != UInt8(ascii: "[") {
            let window = String(decoding: b[i..<min(b.count, i + 4096)], as: UTF8.self)
            for marker in ["<?xml", "<rss", "<feed", "<rdf:RDF"] {
                if let r = window.range(of: marker) {
                    i += window.utf8.distance(from: window.startIndex, to: r.lowerBound)
                    break
                }
            }
        }
        return UnsafeBufferPointer(rebasing: b[i...])
    }
}
