@testable import Markup
import Testing

/// The repair pass streams its output in pieces; cut anywhere, they join to
/// the same document.
@Suite struct XMLReferenceRepairTests {
    static func repaired(_ doc: [UInt8], piece: Int) -> [UInt8] {
        var out: [UInt8] = []
        var lastSeen = false
        let changed = doc.withUnsafeBufferPointer { input in
            XMLReferenceRepair.repair(input, piece: piece) { bytes, last in
                #expect(!lastSeen, "nothing after the last piece")
                out.append(contentsOf: bytes)
                lastSeen = last
                return true
            }
        }
        #expect(changed == lastSeen)
        return changed ? out : doc
    }

    @Test func piecesOfEverySizeJoinToTheWholeRepair() {
        let doc = Array("<r a='&rsquo;&amp;'><t>x]]&gt;&rsquo; &lt;&amp;<![CDATA[a\u{1}b]]>&nbsp;1 < 2</t><br></r>".utf8)
        let whole = Self.repaired(doc, piece: Int.max)
        #expect(String(decoding: whole, as: UTF8.self)
            == "<r a='’&#38;'><t>x]]&#62;’ &#60;&#38;<![CDATA[ab]]>\u{A0}1 &#60; 2</t><br/></r>")
        for piece in 1...doc.count {
            #expect(Self.repaired(doc, piece: piece) == whole, "pieces of \(piece) bytes")
        }
    }

    @Test func aDocumentThatNeedsNothingIsNotSent() {
        let doc = Array("<r><t>plain &#233; text</t></r>".utf8)
        var sent = false
        let changed = doc.withUnsafeBufferPointer { XMLReferenceRepair.repair($0, piece: 4) { _, _ in sent = true; return true } }
        #expect(!changed && !sent)
    }
}
