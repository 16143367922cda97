/// Receives a document's structure from `XMLEventReader`, in document order.
public protocol XMLEventHandler: AnyObject {
    /// `name` is the local name; `namespace` the namespace URI, if any; `prefix`
    /// the prefix as written (feeds use `dc:` and `media:` without declaring them).
    func startElement(name: String, prefix: String?, namespace: String?, attributes: [XMLAttribute])
    func endElement()
    /// Character data, CDATA sections included; may arrive in several pieces.
    func text(_ bytes: UnsafeBufferPointer<UInt8>)
    /// A DOCTYPE or entity declaration, ignored by the reader (default: nothing).
    func declared(_ declaration: XMLDeclaration)
    /// Called once, after the last event, when control characters were dropped (default: nothing).
    func dropped(_ controls: DroppedControls)
    /// True to hear `at(line:column:)` before each `startElement` (default false: a feed's parse
    /// needs no positions, and asks nothing per element).
    var wantsPositions: Bool { get }
    /// Where the start tag about to be reported ends, as libxml2 counts: line and column from 1.
    func at(line: Int, column: Int)
}

public struct XMLAttribute: Sendable, Hashable {
    public var name: String
    public var prefix: String?
    public var namespace: String?
    public var value: String
    public init(name: String, prefix: String? = nil, namespace: String? = nil, value: String) {
        self.name = name; self.prefix = prefix; self.namespace = namespace; self.value = value
    }
}

/// A problem libxml2 reported while recovering.
public struct XMLIssue: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String
    public var fatal: Bool
    public var description: String { "\(line):\(column): \(message)" }
}
