/// A problem in a file an operator wrote, printed as `file:line:column: message`.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// One or more diagnostics, reported together.
public struct Diagnostics: Error, Sendable, CustomStringConvertible {
    public var items: [Diagnostic]
    /// What was found valid but most likely not meant (a rule's `China or Taiwan`), beside the problems that
    /// refused the files: `check` says them too, so that fixing one rule's error does not bring another's warning.
    public var warnings: [Diagnostic]
    public init(_ items: [Diagnostic], warnings: [Diagnostic] = []) { self.items = items; self.warnings = warnings }
    public var description: String { items.map(\.description).joined(separator: "\n") }
}

extension Array where Element == Diagnostic {
    /// File by file in the order of `files` (files not among them last), then by line and column; problems
    /// at one place stay as found, however the checks that found them were ordered.
    public func inReadingOrder(files: [String] = []) -> [Diagnostic] {
        let rank = Dictionary(files.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        return enumerated().sorted { a, b in
            (rank[a.element.file] ?? .max, a.element.line, a.element.column, a.offset)
                < (rank[b.element.file] ?? .max, b.element.line, b.element.column, b.offset)
        }.map(\.element)
    }
}
