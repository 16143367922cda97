import Markup

/// What the tree builder left out or was told was wrong, for `ParsedFeed.problems`.
struct TreeDamage {
    var tooDeep = 0
    var pastElementLimit = 0
    var textBytesCut = 0
    var externalDTD: String?
    var entities: [FeedProblem.IgnoredEntity] = []
    var dropped: DroppedControls?
}

extension XMLTreeBuilder {
    func declared(_ declaration: XMLDeclaration) {
        switch declaration {
        case .doctype(_, _, let systemID): damage.externalDTD = systemID
        case .entity(let name, let parameter, let systemID):
            damage.entities.append(FeedProblem.IgnoredEntity(name: name, parameter: parameter, systemID: systemID))
        }
    }

    func dropped(_ controls: DroppedControls) { damage.dropped = controls }

    /// The problems of this document; `offset` is where the bytes the reader saw start in the document,
    /// `end` where they end. A DOCTYPE that declares no entity is not one: RSS 0.91's Netscape DTD is
    /// common and harmless.
    func problems(issues: [XMLIssue], offset: Int, end: DocumentEnd? = nil) -> [FeedProblem] {
        var out: [FeedProblem] = []
        if damage.pastElementLimit > 0 { out.append(.tooManyElements(limit: Self.maxElements, skipped: damage.pastElementLimit)) }
        if damage.tooDeep > 0 { out.append(.nestingTooDeep(limit: maxDepth, skipped: damage.tooDeep)) }
        if damage.textBytesCut > 0 { out.append(.textCut(limit: XMLNode.maxTextBytes, bytesDropped: damage.textBytesCut)) }
        if let d = damage.dropped, d.count > 0 {
            out.append(.controlCharactersDropped(count: d.count, firstByte: d.firstByte ?? 0, firstOffset: offset + (d.firstOffset ?? 0),
                                                 allNUL: d.allNUL))
        }
        let fatal = issues.filter(\.fatal)
        if let first = fatal.first {
            // Cut short: elements still open, and libxml2's first error where the bytes end. An unclosed <b> in a
            // whole document leaves the root open too (each later end tag closes the element before it), but its first
            // error is where the mismatch is (review of this session, 8).
            out.append(.notWellFormed(line: first.line, column: first.column, message: first.message, errors: fatal.count,
                                      endsEarly: openAtEnd && (end?.isAt(line: first.line, column: first.column) ?? false)))
        }
        if !damage.entities.isEmpty { out.append(.declarationsIgnored(externalDTD: damage.externalDTD, entities: damage.entities)) }
        return out
    }
}

/// Where a document's bytes end, as libxml2 counts lines and columns (a column counts bytes from 1).
struct DocumentEnd {
    let line: Int
    let column: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var line = 1, lastBreak = -1
        for (k, b) in bytes.enumerated() where b == 0x0A {
            line += 1
            lastBreak = k
        }
        self.line = line
        column = bytes.count - lastBreak
    }

    /// Whether a position is at the end: on the last line, within a few bytes of its end (libxml2 reports
    /// a cut where it noticed it, at the last byte or just before a tag it could not finish).
    func isAt(line: Int, column: Int) -> Bool {
        line == self.line && column + 64 >= self.column
    }
}
