/// Han, kana and Hangul are a word per character (`Tokenizer`), so a name or a query term written in them is a run
/// of words, and which of them touch is part of how it is written: "深度求索" is four words side by side, and a
/// text that puts "，" or "。" between two of them ("研究深度，求索精神") does not write it. Latin words never touch
/// (a space, hyphen or apostrophe is between them), and what is between them is ignored as before.
public enum SideBySide {
    /// Per token, whether it and the token before are such characters with nothing between them.
    public static func joinedToPrevious(_ tokens: [Token]) -> [Bool] {
        tokens.indices.map { k in
            k > 0 && tokens[k - 1].end == tokens[k].start && isCharacter(tokens[k - 1]) && isCharacter(tokens[k])
        }
    }

    /// One character of such a script; folded, so that a half-width katakana and its voicing mark ("ﾊﾞ") are one.
    private static func isCharacter(_ t: Token) -> Bool {
        let s = t.folded.unicodeScalars
        return s.count == 1 && Tokenizer.isIdeograph(s.first!)
    }
}
