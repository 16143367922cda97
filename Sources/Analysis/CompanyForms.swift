import WirewatchCore

/// The words that follow a company's name in its formal, legal form: "Huawei Technologies Co Ltd", "ASML
/// Holding NV", "Meta Platforms Inc.", "SoftBank Group Corp". After a known company's name they are still
/// that company, and wire copy's first reference is usually so written: read as a new name ending in an
/// organisation word, "Huawei Technologies Co Ltd" hid Huawei from `entity:Huawei` (exploratory finding of
/// stop 32). Only words that add no name of their own: "Alibaba Cloud" and "SoftBank Vision Fund" are
/// companies of their own, in the gazetteer.
enum CompanyForms {
    /// Legal forms, then the holding and line-of-business words of formal names.
    static let words: Set<String> = [
        "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "plc", "ag", "sa",
        "nv", "bv", "se", "spa", "gmbh", "kk", "ab", "asa", "oyj", "bhd", "pte", "pty", "lp",
        "holdings", "holding", "group", "technologies", "technology", "platforms", "electronics", "manufacturing",
        "international",
    ]

    /// Legal forms written with a full stop ("Co.", "Inc."), after which the name goes on.
    static let abbreviated: Set<String> = ["inc", "corp", "co", "ltd", "bhd", "pte", "pty"]

    /// The last token of the formal words after token `last`, which ends a known company's name; `last` when none follow.
    static func end(after last: Int, _ tokens: [Token], _ scalars: UnsafeBufferPointer<Unicode.Scalar>) -> Int {
        var end = last
        while end + 1 < tokens.count {
            let next = tokens[end + 1], this = tokens[end]
            guard next.sentence == this.sentence, next.isCapitalized, words.contains(next.folded),
                  follows(next, this, scalars) else { break }
            end += 1
        }
        return end
    }

    /// `next` follows `this` after spaces only, or after the full stop of an abbreviated legal form and spaces.
    private static func follows(_ next: Token, _ this: Token, _ scalars: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        var k = this.end
        if k < next.start, scalars[k] == ".", abbreviated.contains(this.folded) { k += 1 }
        guard k < next.start else { return false }
        while k < next.start { if scalars[k] != " " && scalars[k] != "\u{A0}" { return false }; k += 1 }
        return true
    }
}
