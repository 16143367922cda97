extension YAMLFile {
    /// What to write when a syntax error is a value YAML reads as something
    /// else: one that starts with a quote or a bracket and goes on after it
    /// (`query: "export controls" AND China`, `query: [DeepSeek] AND China`),
    /// starts with `@` or a backquote, or holds ': '. libyaml's words ("did
    /// not find expected key") do not say that the value must be quoted as a
    /// whole, and a query is just such a value (trial4 finding 32).
    static func quotingHint(line: Substring) -> String? {
        var rest = line.drop { $0 == " " }
        if rest.hasPrefix("- ") { rest = rest.dropFirst(2).drop { $0 == " " } }
        guard let colon = rest.firstRange(of: ": ") else { return nil }
        let key = rest[..<colon.lowerBound]
        guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { return nil }
        let value = rest[colon.upperBound...].drop { $0 == " " }.trimmingSuffix(while: { $0 == " " || $0 == "\r" })
        guard let first = value.first else { return nil }
        let needsQuotes: Bool
        switch first {
        case "\"", "[", "{":
            let close: Character = first == "\"" ? "\"" : first == "[" ? "]" : "}"
            guard let end = value.dropFirst().firstIndex(of: close) else { return nil }
            let after = value[value.index(after: end)...].drop { $0 == " " }
            needsQuotes = !after.isEmpty && !after.hasPrefix("#")
        case "@", "`":
            needsQuotes = true
        default:
            needsQuotes = value.contains(": ")
        }
        guard needsQuotes else { return nil }
        return "a value that starts with '\"', '[', '{', '@' or '`', or holds ': ', is quoted whole: \(key): '\(value.replacing("'", with: "''"))'"
    }
}

private extension Substring {
    func trimmingSuffix(while drop: (Character) -> Bool) -> Substring {
        var s = self
        while let last = s.last, drop(last) { s = s.dropLast() }
        return s
    }
}
