/// Prefixes that start so many words that a wildcard on them matches nearly
/// every article: `the*` fired on 7 of 7 entries of each demo feed (trial4
/// finding 22). They are the commonest function words of the languages the
/// analysis reads, and the Latin prefixes that begin thousands of words. The
/// analysis's own list (CommonWords) is for other work (capitalised words
/// that name nothing: "Security", "Sport"), and `secur*` or `sport*` are
/// wildcards an operator means. Folded, as a wildcard's stem is.
public enum BroadPrefixes {
    public static func contains(_ folded: String) -> Bool { prefixes.contains(folded) }

    private static let prefixes: Set<String> = Set("""
    the and for not but you our its was are has had his her who all any can may one this that with from they them
    then than there these were will what when which have been into also more said
    der die das und ein eine den dem des mit von auf fur ist sich nicht
    les des une est pour dans par que qui sur avec
    los las por con del una para
    che per della gli
    com con pro pre int dis
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
}
