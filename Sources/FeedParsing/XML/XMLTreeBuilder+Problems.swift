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

    /// The problems of this document; `offset` is where the bytes the reader saw start in the document.
    /// A DOCTYPE that declares no entity is not one: RSS 0.91's Netscape DTD is common and harmless.
    func problems(issues: [XMLIssue], offset: Int) -> [FeedProblem] {
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
            out.append(.notWellFormed(line: first.line, column: first.column, message: first.message, errors: fatal.count,
                                      endsEarly: openAtEnd))
        }
        if !damage.entities.isEmpty { out.append(.declarationsIgnored(externalDTD: damage.externalDTD, entities: damage.entities)) }
        return out
    }
}
