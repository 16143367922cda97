import Foundation
import Markup

/// Article HTML → the text analysis and matching work on: markup removed,
/// entities decoded, whitespace normalised, NFC, mojibake repaired.
public enum CleanText {
    public static func from(html: String) -> (text: String, repairedMojibake: Bool) {
        let plain = HTMLText.plainText(html)
        let (fixed, repaired) = Mojibake.repair(plain)
        return (fixed.precomposedStringWithCanonicalMapping, repaired)
    }
}
