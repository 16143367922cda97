import WirewatchCore
import Yams

/// A place in a file, 1-based, columns in Unicode scalars (as YAML marks count).
public struct SourcePosition: Sendable, Hashable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
    /// Where a node starts, as Yams marks it.
    public init(_ mark: Mark) { self.init(line: mark.line, column: mark.column) }
}

extension Diagnostic {
    /// A problem at `position`, or at the file's start when there is none to name
    /// (a node built by the program rather than read, which Yams leaves unmarked).
    public init(file: String, at position: SourcePosition?, message: String) {
        self.init(file: file, line: position?.line ?? 1, column: position?.column ?? 1, message: message)
    }
}
