import WirewatchCore

/// A recognised entity and every place it is mentioned.
public struct EntityHit: Sendable, Hashable {
    public struct Mention: Sendable, Hashable {
        public var start: Int
        public var end: Int
        public var text: String
    }
    public var canonical: String
    public var type: EntityType
    public var mentions: [Mention]
}

/// Finds gazetteer names (longest match first) in a token stream.
/// Short all-capital aliases ("US", "UN") match only as written, so "us" is
/// not the United States; other names match case-insensitively but must be
/// capitalised in the text.
public struct EntityRecognizer: Sendable {
    private struct Pattern: Sendable {
        var words: [String]
        var exact: String?   // case-sensitive surface form, for acronyms
        var entity: Int
    }
    private let entities: [EntityDefinition]
    private let byFirstWord: [String: [Pattern]]

    public init(_ kb: KnowledgeBase) {
        entities = kb.entities
        var index: [String: [Pattern]] = [:]
        for (i, e) in kb.entities.enumerated() {
            for name in [e.name] + e.aliases {
                let words = Tokenizer.foldedWords(name)
                guard let first = words.first else { continue }
                let letters = name.unicodeScalars.filter { $0.properties.isAlphabetic }
                let acronym = letters.count <= 4 && letters.allSatisfy { $0.properties.isUppercase }
                index[first, default: []].append(Pattern(words: words, exact: acronym ? name.replacingOccurrences(of: ".", with: "") : nil, entity: i))
            }
        }
        for k in index.keys { index[k]!.sort { $0.words.count > $1.words.count } }
        byFirstWord = index
    }

    public func recognize(_ tokens: [Token]) -> [EntityHit] {
        var mentions: [Int: [EntityHit.Mention]] = [:]
        var order: [Int] = []
        var i = 0
        while i < tokens.count {
            var matched = 0
            if let candidates = byFirstWord[tokens[i].folded] {
                for p in candidates where i + p.words.count <= tokens.count {
                    guard matches(p, tokens, at: i) else { continue }
                    let last = tokens[i + p.words.count - 1]
                    let text = p.words.count == 1 ? tokens[i].text : (tokens[i...(i + p.words.count - 1)].map(\.text).joined(separator: " "))
                    if mentions[p.entity] == nil { order.append(p.entity) }
                    mentions[p.entity, default: []].append(.init(start: tokens[i].start, end: last.end, text: text))
                    matched = p.words.count
                    break
                }
            }
            i += max(1, matched)
        }
        return order.map { EntityHit(canonical: entities[$0].name, type: entities[$0].type, mentions: mentions[$0]!) }
    }

    private func matches(_ p: Pattern, _ tokens: [Token], at i: Int) -> Bool {
        if let exact = p.exact { return p.words.count == 1 && tokens[i].text == exact }
        guard tokens[i].isCapitalized || !(tokens[i].text.unicodeScalars.first?.properties.isLowercase ?? false) else { return false }
        for (k, w) in p.words.enumerated() where tokens[i + k].folded != w { return false }
        return true
    }
}
