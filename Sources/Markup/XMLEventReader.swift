import CLibXML2

/// Streams an XML document through libxml2's SAX2 interface, recovering from
/// ill-formed markup, with no network access and no entity expansion: neither
/// "billion laughs" nor an external SYSTEM entity does anything. HTML named
/// entities used without a DTD (`&nbsp;`, `&rsquo;` …) are read as a browser would.
public enum XMLEventReader {
    /// Returns the issues libxml2 reported (at most `maxIssues`).
    @discardableResult
    public static func read(_ bytes: [UInt8], encoding: String? = nil, into handler: XMLEventHandler,
                            maxIssues: Int = 20) -> [XMLIssue] {
        let input = HTMLEntityRewrite.numericReferences(in: bytes)
        let box = SAXBox(handler: handler, maxIssues: maxIssues)
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { ctx, localname, prefix, uri, _, _, nbAttributes, _, attributes in
            let box = SAXBox.from(ctx)
            var attrs: [XMLAttribute] = []
            if let attributes, nbAttributes > 0 {
                attrs.reserveCapacity(Int(nbAttributes))
                for i in 0..<Int(nbAttributes) {
                    // Five pointers per attribute: localname, prefix, URI, value start, value end.
                    let base = i * 5
                    guard let name = attributes[base] else { continue }
                    var value = ""
                    if let start = attributes[base + 3], let end = attributes[base + 4] {
                        value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
                    }
                    attrs.append(XMLAttribute(name: String(cString: name), prefix: attributes[base + 1].map { String(cString: $0) },
                                              namespace: attributes[base + 2].map { String(cString: $0) }, value: value))
                }
            }
            box.handler.startElement(name: localname.map { String(cString: $0) } ?? "",
                                     namespace: uri.map { String(cString: $0) }, attributes: attrs)
        }
        sax.endElementNs = { ctx, localname, _, uri in
            SAXBox.from(ctx).handler.endElement(name: localname.map { String(cString: $0) } ?? "",
                                                namespace: uri.map { String(cString: $0) })
        }
        sax.characters = { ctx, ch, len in
            guard let ch, len > 0 else { return }
            SAXBox.from(ctx).handler.text(UnsafeBufferPointer(start: ch, count: Int(len)))
        }
        sax.cdataBlock = sax.characters
        sax.serror = { ctx, error in
            guard let ctx, let error else { return }
            let box = Unmanaged<SAXBox>.fromOpaque(ctx).takeUnretainedValue()
            guard box.issues.count < box.maxIssues else { return }
            let message = error.pointee.message.map { String(cString: $0) } ?? "XML error \(error.pointee.code)"
            box.issues.append(XMLIssue(line: Int(error.pointee.line), column: Int(error.pointee.int2),
                                       message: message.trimmingCharacters(in: "\n "),
                                       fatal: error.pointee.level == XML_ERR_FATAL))
        }

        let user = Unmanaged.passUnretained(box).toOpaque()
        guard let ctxt = xmlCreatePushParserCtxt(&sax, user, nil, 0, nil) else { return box.issues }
        defer { xmlFreeParserCtxt(ctxt) }
        let options = Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOWARNING.rawValue
                            | XML_PARSE_HUGE.rawValue | XML_PARSE_IGNORE_ENC.rawValue * (encoding == nil ? 0 : 1))
        xmlCtxtUseOptions(ctxt, options)
        if let encoding {
            let handler = xmlFindCharEncodingHandler(encoding)
            if handler != nil { xmlSwitchToEncoding(ctxt, handler) }
        }
        // Feed in chunks so that a huge document never needs one huge C buffer copy.
        let chunk = 1 << 20
        input.withUnsafeBufferPointer { buf in
            var offset = 0
            repeat {
                let n = min(chunk, buf.count - offset)
                let base = buf.baseAddress.map { UnsafeRawPointer($0 + offset).assumingMemoryBound(to: CChar.self) }
                let last: Int32 = offset + n >= buf.count ? 1 : 0
                xmlParseChunk(ctxt, base, Int32(n), last)
                offset += n
            } while offset < buf.count
        }
        return box.issues
    }
}

/// Carries the Swift handler through libxml2's `void *` user data.
final class SAXBox {
    let handler: XMLEventHandler
    let maxIssues: Int
    var issues: [XMLIssue] = []
    init(handler: XMLEventHandler, maxIssues: Int) { self.handler = handler; self.maxIssues = maxIssues }
    static func from(_ ctx: UnsafeMutableRawPointer?) -> SAXBox { Unmanaged<SAXBox>.fromOpaque(ctx!).takeUnretainedValue() }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
