/// What a document's DOCTYPE declared. The reader never loads or expands any
/// of it; handlers hear of it so that a feed carrying one can be reported.
public enum XMLDeclaration: Sendable, Hashable {
    /// `<!DOCTYPE root PUBLIC "…" "…">`; `systemID` is the external DTD, never fetched.
    case doctype(root: String, publicID: String?, systemID: String?)
    /// `<!ENTITY name …>` or `<!ENTITY % name …>`; `systemID` for an external one, never read.
    case entity(name: String, parameter: Bool, systemID: String?)
}

/// Control characters XML forbids, which the reader dropped (libxml2 stops at them).
public struct DroppedControls: Sendable, Hashable {
    public var count = 0
    /// Byte offset of the first one in the UTF-8 input, and its value.
    public var firstOffset: Int?
    public var firstByte: UInt8?
    /// True while every one dropped was a NUL.
    public var allNUL = true

    public init() {}

    mutating func note(_ byte: UInt8, at offset: Int) {
        if count == 0 { firstOffset = offset; firstByte = byte }
        count += 1
        if byte != 0 { allNUL = false }
    }
}

extension XMLEventHandler {
    public func declared(_ declaration: XMLDeclaration) {}
    public func dropped(_ controls: DroppedControls) {}
    public var wantsPositions: Bool { false }
    public func at(line: Int, column: Int) {}
}
