import Markup
import Testing

/// Collects text per element name, for assertions.
final class TextCollector: XMLEventHandler {
    var texts: [String: String] = [:]
    private var stack: [String] = []
    func startElement(name: String, namespace: String?, attributes: [XMLAttribute]) { stack.append(name) }
    func endElement(name: String, namespace: String?) { _ = stack.popLast() }
    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        if let top = stack.last { texts[top, default: ""] += String(decoding: bytes, as: UTF8.self) }
    }
}

@Suite struct XMLEventReaderTests {
    @Test func htmlEntitiesWithoutDTDAreDecoded() {
        let c = TextCollector()
        XMLEventReader.read(Array("<r><t>caf&eacute;&nbsp;&rsquo;s &amp; co</t></r>".utf8), into: c)
        #expect(c.texts["t"] == "café\u{A0}’s & co")
    }

    @Test func billionLaughsDoesNotExpand() {
        let doc = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
            <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
            <r><t>&lol3;</t></r>
            """
        let c = TextCollector()
        XMLEventReader.read(Array(doc.utf8), into: c)
        #expect((c.texts["t"] ?? "").count < 100)
    }

    @Test func externalEntityIsNotRead() {
        let doc = """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <r><t>&xxe;</t></r>
            """
        let c = TextCollector()
        XMLEventReader.read(Array(doc.utf8), into: c)
        #expect(!(c.texts["t"] ?? "").contains("root:"))
    }

    @Test func recoversFromUnclosedTags() {
        let c = TextCollector()
        let issues = XMLEventReader.read(Array("<r><a>one<b>two</r>".utf8), into: c)
        #expect(c.texts["a"] == "one")
        #expect(c.texts["b"] == "two")
        #expect(!issues.isEmpty)
    }
}
