import CLibXML2

/// Streams a UTF-8 XML document through libxml2's SAX2 interface, recovering
/// from ill-formed markup, with no network access and no entity expansion:
/// neither "billion laughs" nor an external SYSTEM entity does anything
/// (`XMLReferenceRepair` turns every named reference into a character or
/// literal text before libxml2 sees it). Any encoding declaration is ignored:
/// the caller decodes (see FeedParsing's `FeedText`).
public enum XMLEventReader {
    /// Returns the issues libxml2 reported (at most `maxIssues`).
    @discardableResult
    public static func read(utf8 bytes: [UInt8], into handler: XMLEventHandler, maxIssues: Int = 20) -> [XMLIssue] {
        bytes.withUnsafeBufferPointer { read(utf8: $0, into: handler, maxIssues: maxIssues) }
    }

    @discardableResult
    public static func read(utf8 input: UnsafeBufferPointer<UInt8>, into handler: XMLEventHandler, maxIssues: Int = 20) -> [XMLIssue] {
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
                    if let start = attributes[base + 3], let end = attributes[base + 4], end > start {
                        value = attributeValue(UnsafeBufferPointer(start: start, count: end - start))
                    }
                    attrs.append(XMLAttribute(name: box.name(name), prefix: attributes[base + 1].map(box.name),
                                              namespace: attributes[base + 2].map(box.name), value: value))
                }
            }
            if let input = box.parser?.pointee.input {
                box.handler.at(line: Int(input.pointee.line), column: Int(input.pointee.col))
            }
            box.handler.startElement(name: localname.map(box.name) ?? "", prefix: prefix.map(box.name),
                                     namespace: uri.map(box.name), attributes: attrs)
        }
        sax.endElementNs = { ctx, _, _, _ in
            SAXBox.from(ctx).handler.endElement()
        }
        sax.characters = { ctx, ch, len in
            guard let ch, len > 0 else { return }
            SAXBox.from(ctx).handler.text(UnsafeBufferPointer(start: ch, count: Int(len)))
        }
        sax.cdataBlock = sax.characters
        // Heard of, never acted on: no DTD is loaded and no entity stored or expanded by these.
        sax.internalSubset = { ctx, name, externalID, systemID in
            let box = SAXBox.from(ctx)
            box.handler.declared(.doctype(root: name.map(box.name) ?? "", publicID: externalID.map { String(cString: $0) },
                                          systemID: systemID.map { String(cString: $0) }))
        }
        sax.entityDecl = { ctx, name, type, _, systemID, _ in
            let box = SAXBox.from(ctx)
            let parameter = type == XML_INTERNAL_PARAMETER_ENTITY.rawValue || type == XML_EXTERNAL_PARAMETER_ENTITY.rawValue
            box.handler.declared(.entity(name: name.map { String(cString: $0) } ?? "", parameter: parameter,
                                         systemID: systemID.map { String(cString: $0) }))
        }
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
        if handler.wantsPositions { box.parser = ctxt }
        defer {
            // For "expat compatibility" libxml2 keeps a DOCTYPE's entity
            // declarations in a document of its own, which it does not free.
            if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
            xmlFreeParserCtxt(ctxt)
        }
        // HUGE lifts the 10 MB text and 256-level depth limits; it does not
        // enable entity expansion, which the repair pass has made impossible.
        let options = Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOWARNING.rawValue
                            | XML_PARSE_HUGE.rawValue | XML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_NOCDATA.rawValue)
        xmlCtxtUseOptions(ctxt, options)
        xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8)
        // Feed in chunks so that a huge document never needs one huge C
        // buffer copy, and libxml2 reads each while it is in the cache.
        let chunk = 1 << 18
        var dropped = DroppedControls()
        let repaired = XMLReferenceRepair.repair(input, piece: chunk, dropped: &dropped) { piece, last in
            let base = piece.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
            return !(xmlParseChunk(ctxt, base, Int32(piece.count), last ? 1 : 0) != 0 && ctxt.pointee.disableSAX != 0)
        }
        if dropped.count > 0 { handler.dropped(dropped) }
        if repaired { return box.issues }
        var offset = 0
        repeat {
            let n = min(chunk, input.count - offset)
            let base = input.baseAddress.map { UnsafeRawPointer($0 + offset).assumingMemoryBound(to: CChar.self) }
            let last: Int32 = offset + n >= input.count ? 1 : 0
            if xmlParseChunk(ctxt, base, Int32(n), last) != 0, ctxt.pointee.disableSAX != 0 { break }
            offset += n
        } while offset < input.count
        return box.issues
    }
}

/// An attribute value as libxml2 hands it over: without entity substitution
/// (which must stay off) it writes every "&" of the value as "&#38;", and
/// nothing else as a reference (the repair pass has left no named ones).
func attributeValue(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    guard bytes.contains(0x26) else { return String(decoding: bytes, as: UTF8.self) }
    let escaped: [UInt8] = Array("&#38;".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
        if bytes[i] == 0x26, i + 5 <= bytes.count, bytes[i..<(i + 5)].elementsEqual(escaped) {
            out.append(0x26)
            i += 5
        } else {
            out.append(bytes[i])
            i += 1
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// Carries the Swift handler through libxml2's `void *` user data.
final class SAXBox {
    /// Unowned: `read` holds the handler for as long as the box lives, and a
    /// retain and release per SAX event showed in the parser's profile.
    unowned(unsafe) let handler: XMLEventHandler
    let maxIssues: Int
    var issues: [XMLIssue] = []
    /// libxml2 interns names and namespace URIs in its dictionary: one Swift
    /// string per distinct pointer, not one per element.
    /// Unchecked: only the SAX callbacks touch it, one at a time.
    @exclusivity(unchecked) private var names: [UnsafePointer<xmlChar>: String] = [:]

    /// The parser positions are read from; set only when the handler asks for them.
    var parser: xmlParserCtxtPtr?

    init(handler: XMLEventHandler, maxIssues: Int) {
        self.handler = handler; self.maxIssues = maxIssues
    }
    static func from(_ ctx: UnsafeMutableRawPointer?) -> SAXBox { Unmanaged<SAXBox>.fromOpaque(ctx!).takeUnretainedValue() }

    /// The last name seen in each of 64 slots by pointer: most lookups end
    /// here, without hashing.
    @exclusivity(unchecked) private var recent = [(UnsafePointer<xmlChar>?, String)](repeating: (nil, ""), count: 64)

    func name(_ p: UnsafePointer<xmlChar>) -> String {
        let slot = Int(bitPattern: UInt(bitPattern: p) >> 3) & 63
        if recent[slot].0 == p { return recent[slot].1 }
        let s: String
        if let known = names[p] {
            s = known
        } else {
            s = String(cString: p)
            names[p] = s
        }
        recent[slot] = (p, s)
        return s
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }

    /// Without the spaces, tabs and line breaks at either end (working on UTF-8, not characters).
    public var trimmed: String {
        let u = utf8
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        guard let first = u.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = u.lastIndex(where: { !isSpace($0) })!
        if first == u.startIndex, u.index(after: last) == u.endIndex { return self }
        return String(self[first...last])
    }
}
