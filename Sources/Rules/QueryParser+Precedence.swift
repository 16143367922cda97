/// Words side by side beside OR: valid, and read as the grammar says, but not as Google's search reads them.
extension QueryParser {
    /// `semiconductors Taiwan OR China` is `(semiconductors Taiwan) OR China`, as the grammar says, but Google's
    /// search reads OR first, and a rule pasted from it fired on every article naming China (exploratory test of
    /// 2026-12-02, finding 5). `spans`: where each OR's operand starts (at its OR), and where the last ends;
    /// `sideBySide`: which operands hold clauses side by side.
    mutating func warnPrecedence(_ spans: [Int], _ sideBySide: [Bool]) {
        let operands = sideBySide.indices.map { k -> String in
            let a = k == 0 ? spans[k] : spans[k] + 1, b = spans[k + 1]
            guard a < b else { return "" }
            let text = self.text(from: tokens[a].column - 1, to: tokens[b - 1].column - 1 + tokens[b - 1].length)
            return sideBySide[k] ? "(\(text))" : text
        }
        warnings.append(QueryError(column: tokens[spans[0]].column,
                                   "'\(source(since: spans[0]))' reads as '\(operands.joined(separator: " OR "))': words side by side are joined before OR joins anything",
                                   hint: "if OR was to choose between the words beside it, put parentheses around them, as in 'a (b OR c)'; "
                                       + "parentheses as in the reading above say that it is meant"))
    }
}
