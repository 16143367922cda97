import CLibXML2

/// The first reason a UTF-8 document is not well-formed XML, as a strict receiver would see it:
/// libxml2 without recovery and without the repairs `XMLEventReader` makes for feeds (a bare `&`
/// stays an error here). No network, no entity expansion; the document is built nowhere.
public enum XMLWellFormedness {
    /// Nil when `bytes` is a well-formed document.
    public static func firstError(_ bytes: [UInt8]) -> XMLIssue? {
        guard !bytes.isEmpty else { return XMLIssue(line: 1, column: 1, message: "the document is empty", fatal: true) }
        let box = FirstError()
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.serror = { ctx, error in
            guard let ctx, let error else { return }
            let box = Unmanaged<FirstError>.fromOpaque(ctx).takeUnretainedValue()
            guard box.issue == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            let message = error.pointee.message.map { String(cString: $0) } ?? "XML error \(error.pointee.code)"
            box.issue = XMLIssue(line: Int(error.pointee.line), column: Int(error.pointee.int2),
                                 message: message.trimmingCharacters(in: "\n "), fatal: true)
        }
        let user = Unmanaged.passUnretained(box).toOpaque()
        guard let ctxt = xmlCreatePushParserCtxt(&sax, user, nil, 0, nil) else { return nil }
        defer {
            if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
            xmlFreeParserCtxt(ctxt)
        }
        xmlCtxtUseOptions(ctxt, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOWARNING.rawValue))
        bytes.withUnsafeBufferPointer { b in
            b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) { _ = xmlParseChunk(ctxt, $0, Int32(b.count), 1) }
        }
        if box.issue == nil, ctxt.pointee.wellFormed == 0 {
            return XMLIssue(line: 1, column: 1, message: "not well-formed", fatal: true)
        }
        return box.issue
    }
}

private final class FirstError {
    var issue: XMLIssue?
}
