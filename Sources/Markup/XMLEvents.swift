import CLibXML2

/// Receives a document's structure from `XMLEventReader`, in document order.
public protocol XMLEventHandler: AnyObject {
    /// `name` is the local name; `namespace` the namespace URI, if any.
    func startElement(name: String, namespace: String?, attributes: [XMLAttribute])
    func endElement(name: String, namespace: String?)
    /// Character data, CDATA sections included; may arrive in several pieces.
    func text(_ bytes: UnsafeBufferPointer<UInt8>)
}

public struct XMLAttribute: Sendable, Hashable {
    public var name: String
    public var prefix: String?
    public var namespace: String?
    public var value: String
}

/// A problem libxml2 reported while recovering.
public struct XMLIssue: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String
    public var fatal: Bool
    public var description: String { "\(line):\(column): \(message)" }
}
