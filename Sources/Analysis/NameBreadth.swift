/// Whether an entity name or alias an operator defines would be found where
/// it names nothing: a name is matched whole and by its case rules (see
/// `GazetteerIndex`), so "the", written in lower case, finds every "the", and a
/// `*` is no wildcard but dropped ("Foo*" is "Foo"). A name written with a
/// capital matches only capitalised text, and many real names are common words
/// ("Next", "Three", "Nothing", "X"): those are the operator's to judge (review
/// of s27, 4). Topic terms have the same kind of check (`TopicDefinition.termProblem`).
public enum NameBreadth {
    /// What is wrong with `name` (an alias or an entity's name), or nil when it
    /// names something; `what` is how the message calls it ("alias 'the'").
    public static func problem(_ name: String, what: String) -> String? {
        let tokens = Tokenizer.words(name)
        guard !tokens.isEmpty else { return nil } // said as "has no words to match"
        if name.unicodeScalars.contains("*") {
            return "\(what): a name is matched whole, so '*' is no wildcard in it; list each spelling as an alias"
        }
        // Written in lower case, it matches lower-case text: every "the", "of the", "a".
        guard tokens.allSatisfy({ $0.startsLowerCase }) else { return nil }
        if tokens.count == 1, tokens[0].text.unicodeScalars.count == 1 {
            return "\(what) is one lower-case letter and would be found in nearly every article; write the name as articles spell it"
        }
        if tokens.allSatisfy({ CommonWords.contains($0.folded) }) {
            return "\(what) is only common words, in lower case, and would be found in nearly every article; write the name as articles spell it"
        }
        return nil
    }
}
