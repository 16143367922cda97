@testable import Markup
import Testing

/// `<sup>` marks and powers: "10<sup>6</sup>" was the numbers 10 and 6 ("10<sup>-6</sup>" the text "10-6"),
/// "Acme<sup>TM</sup>" the word AcmeTM.
@Suite struct SuperscriptTests {
    @Test(arguments: [
        ("<p>10<sup>6</sup> barrels</p>", "10\u{2076} barrels"),
        ("<p>10<sup>-12</sup> s</p>", "10\u{207B}\u{B9}\u{B2} s"),
        ("<p>50 km<sup>2</sup> of land</p>", "50 km\u{B2} of land"),
        ("<p>Acme<sup>TM</sup> and Service<sup> SM </sup></p>", "Acme\u{2122} and Service\u{2120}"),
        ("<p>Acme <SUP>TM</SUP></p>", "Acme \u{2122}"),
        // Not digits, not on the text before, or markup inside: as before.
        ("<p>the 10<sup>th</sup> time</p>", "the 10th time"),
        ("<p><sup>1</sup>Nvidia</p>", "1Nvidia"),
        ("<p>Nvidia <sup>2</sup></p>", "Nvidia 2"),
        ("<p>Nvidia<sup><a href=\"#n2\">2</a></sup> said</p>", "Nvidia 2 said"),
        ("<p>Nvidia<sup>1,2</sup></p>", "Nvidia 1,2"),
    ])
    func reads(html: String, text: String) {
        #expect(HTMLText.plainText(html) == text)
    }

    @Test func theSanitisedHTMLKeepsTheMarkup() {
        #expect(HTMLText.render("10<sup>6</sup> and Acme<sup>TM</sup>").html == "10<sup>6</sup> and Acme<sup>TM</sup>")
    }

    /// Whether a `<sup>` holds a footnote mark is read past a few tags only (`<sup><a href=…>[1]</a></sup>`): each
    /// `<sup>` of 30,000 nested ones read past all the others, minutes of one core that no poll.timeout bounds.
    @Test func aFootnoteMarkIsLookedForPastAFewTagsOnly() {
        func marks(_ html: String) -> Bool {
            var s = html
            return s.withUTF8 { HTMLRenderer.startsFootnoteMark($0, at: 0) }
        }
        #expect(marks("<a href=\"#n1\"><span>[1]"))
        #expect(marks("<a><b><i><u>1"))
        #expect(!marks("<a><b><i><u><s>1"))
        #expect(HTMLText.plainText("Nvidia" + String(repeating: "<sup>", count: 20_000) + "1 text") == "Nvidia 1 text")
    }
}
