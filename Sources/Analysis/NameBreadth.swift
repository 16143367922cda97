/// Whether an entity name or alias an operator defines would be found where
/// it names nothing: a name is matched whole and by its case rules (see
/// `GazetteerIndex`), so "the" finds every "the", "F" every capital F, and a
/// `*` is no wildcard but dropped ("Foo*" is "Foo"). Topic terms have the same
/// kind of check (`RuleFile.termProblem`).
public enum NameBreadth {
    /// What is wrong with `name` (an alias or an entity's name), or nil when it
    /// names something; `what` is how the message calls it ("alias 'the'").
    public static func problem(_ name: String, what: String) -> String? {
        let tokens = Tokenizer.words(name)
        guard !tokens.isEmpty else { return nil } // said as "has no words to match"
        if name.unicodeScalars.contains("*") {
            return "\(what): a name is matched whole, so '*' is no wildcard in it; list each spelling as an alias"
        }
        if tokens.count == 1, tokens[0].text.unicodeScalars.count == 1 {
            return "\(what) is one character and would be found in nearly every article; write the name as articles spell it"
        }
        // An acronym written in capitals matches only so ("IT", "WHO"), as the gazetteer's do.
        if tokens.allSatisfy({ CommonWords.contains($0.folded) && !$0.shape.contains(.allCaps) }) {
            return "\(what) is a common word and would be found in nearly every article; write the name as articles spell it"
        }
        return nil
    }
}
