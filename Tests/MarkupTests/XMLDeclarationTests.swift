import Markup
import Testing

/// The reader tells its handler what a DOCTYPE declared and which control
/// characters it dropped, and acts on none of it.
@Suite struct XMLDeclarationTests {
    final class Recorder: XMLEventHandler {
        var declarations: [XMLDeclaration] = []
        var dropped: DroppedControls?
        var text = ""
        func startElement(name: String, prefix: String?, namespace: String?, attributes: [XMLAttribute]) {}
        func endElement() {}
        func text(_ bytes: UnsafeBufferPointer<UInt8>) { text += String(decoding: bytes, as: UTF8.self) }
        func declared(_ declaration: XMLDeclaration) { declarations.append(declaration) }
        func dropped(_ controls: DroppedControls) { dropped = controls }
    }

    @Test func doctypeAndEntitiesAreReportedNotLoaded() {
        let doc = #"<!DOCTYPE r SYSTEM "http://127.0.0.1:9/x.dtd" [<!ENTITY a "one"><!ENTITY b SYSTEM "file:///etc/passwd"><!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd">]><r>&a;&b;</r>"#
        let r = Recorder()
        XMLEventReader.read(utf8: Array(doc.utf8), into: r)
        #expect(r.declarations == [
            .doctype(root: "r", publicID: nil, systemID: "http://127.0.0.1:9/x.dtd"),
            .entity(name: "a", parameter: false, systemID: nil),
            .entity(name: "b", parameter: false, systemID: "file:///etc/passwd"),
            .entity(name: "p", parameter: true, systemID: "http://127.0.0.1:9/p.dtd"),
        ])
        #expect(r.text == "&a;&b;")
        #expect(r.dropped == nil)
    }

    @Test func droppedControlsAreCountedWithTheFirstOffset() {
        let r = Recorder()
        XMLEventReader.read(utf8: Array("<r>a\u{0}b\u{1}c<![CDATA[\u{2}]]></r>".utf8), into: r)
        #expect(r.text == "abc")
        let d = r.dropped
        #expect(d?.count == 3 && d?.firstOffset == 4 && d?.firstByte == 0 && d?.allNUL == false)
    }
}
