/// Copies of what a rule keeps, made once compiling is done.
///
/// A rule's strings are cut while its file is read, between the YAML
/// parser's nodes, and its file's rule specs share them. Kept as they are,
/// each would pin a page of YAML garbage for as long as the daemon runs:
/// malloc can give back only whole free pages, and at 100,000 rules that
/// was most of the process's resident memory after a load.
extension WatchRule {
    var unshared: WatchRule {
        var r = self
        r.id = id.unshared
        r.description = description?.unshared
        r.querySource = querySource.unshared
        r.sinks = sinks.map(\.unshared)
        return r
    }
}

extension TermClause {
    var unshared: TermClause {
        var t = self
        t.words = words.map { Word(text: $0.text.unshared, kind: $0.kind, joinedToPrevious: $0.joinedToPrevious) }
        t.source = source.unshared
        return t
    }
}

extension TopicClause {
    var unshared: TopicClause {
        var t = self
        t.id = id.unshared
        t.source = source.unshared
        return t
    }
}

extension String {
    /// The same text in a buffer of its own (a short string is held inline and stays as it is).
    var unshared: String {
        let n = utf8.count
        guard n > 15 else { return self }
        var s = self
        return s.withUTF8 { src in
            String(unsafeUninitializedCapacity: n) { dst in
                _ = dst.initialize(fromContentsOf: src)
                return n
            }
        }
    }
}
