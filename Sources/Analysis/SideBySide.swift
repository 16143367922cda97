/// Han, kana and Hangul are a word per character (`Tokenizer`), so a name or a query term written in them is a run
/// of words, and which of them touch is part of how it is written: "深度求索" is four words side by side, and a
/// text that puts "，" or "。" between two of them ("研究深度，求索精神") does not write it. Latin words never touch
/// (a space, hyphen or apostrophe is between them), and what is between them is ignored as before, except an
/// ampersand: "AT&T" is two words joined by it, and a text that writes "at T-Mobile" does not write it (exploratory
/// finding of stop 33: the rule term `AT&T` matched it).
public enum SideBySide {
    /// Per token, whether it and the token before are such characters with nothing between them, or words joined
    /// by an ampersand.
    public static func joinedToPrevious(_ tokens: [Token]) -> [Bool] {
        tokens.indices.map { k in
            k > 0 && (tokens[k].shape.contains(.afterAmpersand)
                      || tokens[k - 1].end == tokens[k].start && isCharacter(tokens[k - 1]) && isCharacter(tokens[k]))
        }
    }

    /// Whether a text writes `token` joined to the token before it, as a name or a term whose words are joined
    /// (`joinedToPrevious`) must be written: touching it, or after an ampersand.
    @inline(__always)
    public static func written(_ token: Token, joinedTo previous: Token) -> Bool {
        previous.end == token.start || token.shape.contains(.afterAmpersand)
    }

    /// One character of such a script; folded, so that a half-width katakana and its voicing mark ("ﾊﾞ") are one.
    private static func isCharacter(_ t: Token) -> Bool {
        let s = t.folded.unicodeScalars
        return s.count == 1 && Tokenizer.isIdeograph(s.first!)
    }
}
