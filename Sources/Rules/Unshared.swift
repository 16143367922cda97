/// Copies of the strings compiled rules keep (a rule's id, query and sinks,
/// the program's clause texts), made once the memory they were cut from is
/// freed: the YAML parser's nodes, then the parsed queries. Kept as they
/// were, each would hold a page of that garbage for as long as the daemon
/// runs (malloc gives back only whole free pages); at 100,000 rules that was
/// most of the process's resident memory after a load.
extension RuleFile.RuleSpec {
    var unshared: RuleFile.RuleSpec {
        var r = self
        r.id = id.unshared
        r.description = description?.unshared
        r.query = query.unshared
        r.sinks = sinks.map(\.unshared)
        return r
    }
}

extension TermClause {
    var unshared: TermClause {
        var t = self
        t.words = words.map { Word(text: $0.text.unshared, kind: $0.kind) }
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
