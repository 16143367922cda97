/// What a number token is matched by: its digits, with its grouping taken out and its
/// decimal mark written as a point, where that is plain: "1,000,000" and "1.000.000" are
/// the word 1000000, "3,5" (German) and "3.5" the word 3.5, "2,500.75" and "2.500,75" 2500.75.
///
/// Two or more separators of one kind between groups of exactly three digits after a first
/// group of one to three are grouping; one separator before other than three digits ("3.5",
/// "12,5", "0.12") is the decimal mark; two kinds are grouping then the decimal mark. One
/// separator before exactly three digits ("1,000", "3.125", "12.500") may be either, and is
/// matched as written: `"1,000"` matches "1,000", not "1.000" nor "1000". Anything else
/// ("1.12.2025", "192.168.0.1", "2.5.3") is no number: `read` says nil, and the tokeniser makes
/// each group a word of its own, so a date's year matches `2025`. Letters after the number stay ("12.5bn").
enum NumberText {
    /// Four digits from 1800 to 2099.
    private static func isYear(_ digits: Substring) -> Bool {
        digits.count == 4 && (digits.hasPrefix("18") || digits.hasPrefix("19") || digits.hasPrefix("20"))
    }

    /// `bytes`: ASCII digits, '.', ',' and letters, starting with a digit.
    static func folded(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        read(bytes) ?? String(decoding: bytes, as: UTF8.self).lowercased()
    }

    /// The number's matched form, or nil when the digits and separators make no number.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let written = String(decoding: bytes, as: UTF8.self).lowercased()
        var groups: [Substring] = [], separators: [Character] = []
        var suffix = ""
        var current = written.startIndex
        for k in written.indices {
            let c = written[k]
            if c == "." || c == "," {
                groups.append(written[current..<k]); separators.append(c)
                current = written.index(after: k)
            }
        }
        var last = written[current...]
        if let firstLetter = last.firstIndex(where: { !$0.isASCII || !$0.isNumber }) {
            suffix = String(last[firstLetter...])
            last = last[..<firstLetter]
        }
        groups.append(last)
        guard groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return nil }
        let grouped = groups[0].count <= 3 && groups[0].first != "0" && groups.dropFirst().allSatisfy { $0.count == 3 }
        let kinds = Set(separators)
        if kinds.count == 1 {
            // One separator before exactly three digits is either ("3.125" is 3.125 in English, 3125 in German; "3,125"
            // the other way): matched as written, so neither is taken for the other (review of tokens, 1).
            if separators.count == 1, grouped { return written }
            if grouped { return groups.joined() + suffix }
            // "2019,2020": two years with a comma between them, not a decimal (review of tokens, 2).
            if separators == [","], suffix.isEmpty, groups.allSatisfy(isYear) { return nil }
            if separators.count == 1 { return groups[0] + "." + groups[1] + suffix }
            return nil
        }
        // Two kinds: grouping, then one decimal mark of the other kind.
        let mark = separators.last!
        guard separators.dropLast().allSatisfy({ $0 != mark }), groups[0].count <= 3, groups[0].first != "0",
              groups.dropFirst().dropLast().allSatisfy({ $0.count == 3 }) else { return nil }
        return groups.dropLast().joined() + "." + groups.last! + suffix
    }
}
