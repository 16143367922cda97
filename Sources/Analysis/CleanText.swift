import Foundation
import Markup

/// Article HTML → the text analysis and matching work on: markup removed,
/// entities decoded, whitespace normalised, NFC, mojibake repaired.
/// Plain text keeps its paragraphs: a blank line stays a paragraph break.
public enum CleanText {
    public static func from(html: String) -> (text: String, repairedMojibake: Bool) {
        let looksLikeMarkup = html.utf8.contains { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }
        let plain = looksLikeMarkup ? HTMLText.plainText(html) : paragraphs(html)
        let (fixed, repaired) = Mojibake.repair(plain)
        return (nfc(fixed), repaired)
    }

    /// Text made only of scalars below U+0300 (ASCII, Latin-1, Latin Extended) is
    /// already NFC; anything else goes through Foundation's normalisation.
    static func nfc(_ s: String) -> String {
        if s.unicodeScalars.allSatisfy({ $0.value < 0x300 }) { return s }
        return s.precomposedStringWithCanonicalMapping
    }

    /// Whitespace collapsed; a line break alone becomes a space, a blank line a paragraph break.
    static func paragraphs(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        var newlines = 0
        for c in text.unicodeScalars {
            if c == "\n" {
                newlines += 1
                pendingSpace = true
            } else if c == " " || c == "\t" || c == "\r" || (!c.isASCII && c.properties.isWhitespace) {
                pendingSpace = true
            } else {
                if !out.isEmpty {
                    if newlines >= 2 {
                        out.append("\n"); out.append("\n")
                    } else if pendingSpace {
                        out.append(" ")
                    }
                }
                newlines = 0
                pendingSpace = false
                out.append(c)
            }
        }
        return String(out)
    }
}
