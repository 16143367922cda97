/// What the tokenizer's one pass over a text finds: its words, and the places
/// between them where a sentence may end, for the sentence splitter.
struct TokenScan {
    /// A '.', '!', '?', line break, or a full stop, exclamation or question mark of another script
    /// (`SentenceSplitter.endsSentenceWithoutSpace`) outside every word, by byte and by scalar.
    struct Mark {
        var byte: Int
        var scalar: Int
    }

    var tokens: [Token]
    var marks: [Mark]
    /// Scalars in the text: where its last sentence ends.
    var scalarCount: Int
}
