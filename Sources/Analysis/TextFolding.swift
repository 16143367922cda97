import Foundation

/// Case and diacritic folding, the one definition shared by analysis and rules:
/// "Export Controls" and "export controls" fold alike, as do "João" and "joao".
public enum TextFolding {
    public static func fold(_ s: String) -> String {
        // ASCII fast path: lower-casing is all there is to do.
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s.lowercased() }
        return s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }
}
