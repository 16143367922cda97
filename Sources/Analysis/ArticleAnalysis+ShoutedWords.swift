import WirewatchCore

extension ArticleAnalysis {
    /// Per token, whether it is shouted (`ShoutedText`: a line of words in capitals, a wire slug, a label) and names
    /// nothing there: "US" in "WHAT IT MEANS FOR US", not in "US TROOPS LEAVE", where the United States is
    /// recognised. nil when nothing is shouted. What tells a rule's `case:US` the acronym from the pronoun, which
    /// shouted text writes alike (exploratory finding of stop 32).
    public func shoutedPlainWords() -> [Bool]? {
        let shouted = [Unicode.Scalar](scalarsOf: text).withUnsafeBufferPointer { ShoutedText(tokens: tokens, scalars: $0) }
        guard !shouted.isEmpty else { return nil }
        var plain = tokens.indices.map { shouted.contains($0) }
        for mention in entities.lazy.flatMap(\.mentions) {
            // Mentions are few: the tokens a name covers are found by binary search on their offsets.
            var k = tokens.partitioningIndex { $0.end > mention.start }
            while k < tokens.count, tokens[k].start < mention.end { plain[k] = false; k += 1 }
        }
        return plain
    }
}
