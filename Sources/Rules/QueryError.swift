/// One problem in a query: where (1-based column in Unicode scalars of the
/// query string), what (naming the offending text), and how to fix it.
public struct QueryError: Error, Sendable, Hashable, CustomStringConvertible {
    public var column: Int
    public var message: String
    public var hint: String?
    /// What a name the query refers to but the rule files do not define is:
    /// such an error may only follow from a definition that did not parse.
    public var undefined: Definition?

    public enum Definition: Sendable, Hashable { case entity, topic }

    public init(column: Int, _ message: String, hint: String? = nil, undefined: Definition? = nil) {
        self.column = column
        self.message = message
        self.hint = hint
        self.undefined = undefined
    }

    public var description: String { hint.map { "\(message); \($0)" } ?? message }
}
