import Analysis
import WirewatchCore
import YAMLFiles

/// The leaves of a query: words and phrases and field scopes (entities and topics: QueryParser+Knowledge).
extension QueryParser {
    /// `name:` and its value. `opener` is where the clause starts when fields
    /// are stacked (`title:case:US`), whose `case:` makes it `caseSensitive`.
    mutating func parseScoped(_ t: QueryToken, name: String, caseSensitive: Bool = false, opener: QueryToken? = nil) -> Query {
        if opener == nil, let inner = current, case .field(let innerName) = inner.kind, inner.column == t.column + t.length {
            return parseStacked(t, outer: name, inner: inner, innerName: innerName)
        }
        let from = opener ?? t
        let label = text(from: from.column - 1, to: t.column - 1 + t.length)
        guard let value = current, value.column == t.column + t.length else {
            errors.append(QueryError(column: from.column, "'\(label)' needs a word or a \"phrase\" right after it", hint: "as in '\(label)\(example(name))'"))
            return Self.placeholder
        }
        let raw: String
        var valueColumn = value.column
        switch value.kind {
        case .word(let w): raw = w
        case .phrase(let p): raw = p; valueColumn += 1
        case .lparen:
            errors.append(QueryError(column: value.column, "'\(name):' applies to one word or phrase, not to a group",
                                     hint: "repeat it on each clause: '\(name):a OR \(name):b'"))
            return Self.placeholder
        default:
            errors.append(QueryError(column: from.column, "'\(label)' needs a word or a \"phrase\" right after it", hint: "as in '\(label)\(example(name))'"))
            return Self.placeholder
        }
        pos += 1
        let src = text(from: from.column - 1, to: value.column - 1 + value.length)
        let quoted: Bool
        if case .phrase = value.kind { quoted = true } else { quoted = false }
        switch name {
        case "entity": return entity(raw, source: src, column: valueColumn, quoted: quoted)
        case "topic": return topic(raw, source: src, column: valueColumn)
        case "case": return term(words: raw, field: .any, caseSensitive: true, source: src, column: valueColumn, quoted: quoted)
        default:
            guard let f = TextField(rawValue: name), f != .any else {
                let hint = Self.fieldsByMeaning[name.lowercased()].map { "did you mean '\($0):'?" }
                    ?? YAMLReader.nearest(name, in: Self.fields).map { "did you mean '\($0):'?" }
                    ?? "fields are \(Self.fields.map { $0 + ":" }.joined(separator: " ")); to search for the text itself, quote it"
                errors.append(QueryError(column: t.column, "unknown field '\(name):'", hint: hint))
                return Self.placeholder
            }
            if f == .lang, let problem = Self.languageCodeProblem(raw, column: valueColumn) {
                errors.append(problem)
                return Self.placeholder
            }
            if f == .source, let warning = feeds?.warning(raw, column: valueColumn) { warnings.append(warning) }
            return term(words: raw, field: f, caseSensitive: caseSensitive, source: src, column: valueColumn, quoted: quoted)
        }
    }

    /// Other tools' names for wirewatch's fields (Google's `site:` and `intitle:`, Elasticsearch's
    /// `body`, Miniflux's `tag`): suggested by meaning, where spelling would suggest `title:` for `site:`.
    static let fieldsByMeaning = [
        "site": "source", "host": "source", "domain": "source", "feed": "source", "intitle": "title", "headline": "title",
        "inurl": "url", "link": "url", "body": "text", "content": "text", "intext": "text", "language": "lang",
        "tag": "category", "tags": "category", "label": "category", "inauthor": "author", "by": "author",
    ]

    /// Language names an operator writes for `lang:`, by their code.
    static let languageNames = [
        "english": "en", "german": "de", "deutsch": "de", "french": "fr", "francais": "fr", "spanish": "es",
        "espanol": "es", "italian": "it", "portuguese": "pt", "dutch": "nl", "russian": "ru", "chinese": "zh",
        "japanese": "ja", "korean": "ko", "arabic": "ar", "polish": "pl", "swedish": "sv", "turkish": "tr",
        "ukrainian": "uk", "greek": "el", "hebrew": "he", "hindi": "hi",
        // ISO 639-2, which many tools and feeds use (review of this session, 17).
        "eng": "en", "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "spa": "es", "ita": "it", "por": "pt", "nld": "nl",
        "dut": "nl", "rus": "ru", "zho": "zh", "chi": "zh", "jpn": "ja", "kor": "ko", "ara": "ar", "pol": "pl", "swe": "sv",
        "tur": "tr", "ukr": "uk",
    ]

    /// ISO 639-1's codes: a feed may declare any of them, and the analysis then takes it for a short item.
    static let isoCodes = Set("""
        aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es
        et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki
        kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no
        nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te
        tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))


    /// A `lang:` value that can never match: the analysis gives a two-letter code (ISO 639-1), and a
    /// feed's `en-gb` is taken as `en`. `lang:english` passed `check` and never fired (trial4 finding 4).
    static func languageCodeProblem(_ value: String, column: Int) -> QueryError? {
        let v = value.lowercased()
        if v.count == 2, v.allSatisfy({ $0.isASCII && $0.isLetter }) {
            // Two letters that are no language's code, or one the analysis writes otherwise, never match (trial7 N20).
            if let code = LanguageGuesser.replacedCodes[v] {
                return QueryError(column: column, "'lang:\(value)' never matches: the analysis writes that language as '\(code)'",
                                  hint: "write 'lang:\(code)'")
            }
            guard !isoCodes.contains(v) else { return nil }
            return QueryError(column: column, "'lang:\(value)' never matches: '\(value)' is no ISO 639-1 language code",
                              hint: "as in 'lang:en', 'lang:de' or 'lang:zh'")
        }
        let code = languageNames[TextFolding.fold(v)]
            ?? (v.count > 2 && v.prefix(2).allSatisfy { $0.isASCII && $0.isLetter } && (v.dropFirst(2).first == "-" || v.dropFirst(2).first == "_")
                ? String(v.prefix(2)) : nil)
        return QueryError(column: column, "'lang:' takes a two-letter language code, not '\(value)'",
                          hint: code.map { "did you mean 'lang:\($0)'?" } ?? "as in 'lang:en', 'lang:de' or 'lang:zh' (ISO 639-1)")
    }

    /// Two fields on one term. `case:` with `title:` or `text:` means both
    /// (a case-sensitive match in that part); any other pair was read as one
    /// field and a value with a ':' in it (`title:entity:X` the words "entity
    /// x" in the title), never what was meant.
    private mutating func parseStacked(_ t: QueryToken, outer: String, inner: QueryToken, innerName: String) -> Query {
        pos += 1
        let pair = Set([outer, innerName])
        if pair.count == 2, pair.contains("case"), let other = pair.first(where: { $0 != "case" }), other == "title" || other == "text",
           current.map({ !isField($0) || $0.column != inner.column + inner.length }) ?? true {
            return parseScoped(inner, name: other, caseSensitive: true, opener: t)
        }
        var end = inner
        while let next = current, next.column == end.column + end.length, isField(next) || isValue(next) {
            pos += 1
            end = next
            if !isField(next) { break }
        }
        let written = text(from: t.column - 1, to: end.column - 1 + end.length)
        errors.append(QueryError(column: t.column, "'\(written)' has more than one field; a term takes one",
                                 hint: "only case: combines, with title: or text: (title:case:US)"))
        return Self.placeholder
    }

    private func isField(_ t: QueryToken) -> Bool { if case .field = t.kind { true } else { false } }
    private func isValue(_ t: QueryToken) -> Bool {
        switch t.kind {
        case .word, .phrase: true
        default: false
        }
    }

    private func example(_ field: String) -> String {
        switch field {
        case "entity": return "DeepSeek"
        case "topic": return "export-controls"
        case "case": return "\"US\""
        case "lang": return "en"
        case "source": return "bbc-business"
        default: return "\"export controls\""
        }
    }

    /// A word or phrase. `column` is where `raw` starts in the query, so that
    /// an error names the exact piece of a phrase that is wrong.
    mutating func term(words raw: String, field: TextField, caseSensitive: Bool, source: String, column: Int, quoted: Bool) -> Query {
        // Other tools' syntax in a text's words; a URL, a source or a name may hold '?', '~' or '/5'.
        if !quoted, let problem = Self.lookalikeOperator(raw, column: column)
            ?? (field.isPositional ? Self.otherToolsSyntax(raw, column: column) : nil) {
            errors.append(problem)
            return Self.placeholder
        }
        var words: [TermClause.Word] = []
        var failed = false
        for (piece, offset) in Self.pieces(raw) {
            let at = column + offset
            if piece == "*", quoted {
                words.append(.init(text: "", kind: .any))
                continue
            }
            let star = piece.hasSuffix("*")
            let stem = star ? String(piece.dropLast()) : piece
            if stem.unicodeScalars.contains("*") {
                errors.append(QueryError(column: at, "wildcard '\(piece)' is not supported",
                                         hint: "a '*' goes at the end of a word (distil*), or alone for any one word inside a phrase"))
                failed = true
                continue
            }
            let tokens = Tokenizer.words(stem)
            let parts = caseSensitive ? tokens.map(\.spelling) : tokens.map(\.folded)
            // Characters written side by side in one piece must touch in the text; a space between two pieces
            // (`"深度 求索"`) lets a space or a mark come between them, as between Latin words.
            let joined = SideBySide.joinedToPrevious(tokens)
            // Han, kana and Hangul are a word per character: "深度*" is the characters 深度 and whatever
            // follows them, two characters being as specific as three Latin letters (trial4 finding 12).
            // "深度AI*": characters before Latin letters count as the letters do (review of this session, 15).
            if star, parts.count >= 2, parts.dropLast().contains(where: { $0.unicodeScalars.count == 1 && Tokenizer.isIdeograph($0.unicodeScalars.first!) }),
               parts.joined().unicodeScalars.count >= 3 {
                for (k, p) in parts.enumerated() { words.append(.init(text: p, kind: k == parts.count - 1 ? .prefix : .exact, joinedToPrevious: joined[k])) }
                continue
            }
            if star, let last = parts.last?.unicodeScalars, last.count == 1, Tokenizer.isIdeograph(last.first!) {
                guard parts.count >= 2 else {
                    errors.append(QueryError(column: at, "wildcard '\(piece)' would match nearly everything",
                                             hint: "put at least 2 characters before '*'"))
                    failed = true
                    continue
                }
                words.append(contentsOf: parts.indices.map { .init(text: parts[$0], kind: .exact, joinedToPrevious: joined[$0]) })
                continue
            }
            // `A+`, `C+` unquoted: the symbol is no part of a word, and what is left is the article "a" or a letter,
            // matched on nearly any article (review of querylang, 16). In a phrase the words around it say what is
            // meant ("A+ rating", "Apple TV+"), and a number ($5, 5%) is a number (review of this session, 2).
            if !quoted, !star, let left = Self.oneLetterLeft(stem) {
                errors.append(QueryError(column: at, "'\(piece)' is searched as the word '\(left.word)': '\(left.dropped)' is not part of a word",
                                         hint: "write '\(left.word)' if that is what you mean, or a phrase with the words around it (\"\(piece) rating\")"))
                failed = true
                continue
            }
            // A short prefix after other words is a phrase's last word, as narrow as the words before it make it:
            // `GPT-4*` is "gpt" then a word starting with "4" (trial7 finding N14).
            let narrowedByWords = parts.count >= 2 && parts.dropLast().joined().unicodeScalars.count >= Self.minimumPrefix
            if star, !narrowedByWords, (parts.last?.count ?? 0) < Self.minimumPrefix {
                errors.append(QueryError(column: at, "wildcard '\(piece)' would match nearly everything",
                                         hint: "put at least \(Self.minimumPrefix) letters before '*'"))
                failed = true
                continue
            }
            if star, !narrowedByWords, let stem = parts.last, BroadPrefixes.contains(caseSensitive ? TextFolding.fold(stem) : stem) {
                errors.append(QueryError(column: at, "wildcard '\(piece)' would match nearly everything",
                                         hint: "'\(stem)' starts too many words; write the word itself, or more letters before '*'"))
                failed = true
                continue
            }
            for (k, p) in parts.enumerated() {
                words.append(.init(text: p, kind: star && k == parts.count - 1 ? .prefix : .exact, joinedToPrevious: joined[k]))
            }
        }
        if failed { return Self.placeholder }
        if words.isEmpty {
            errors.append(QueryError(column: quoted ? column - 1 : column, "'\(source)' has no words to match", hint: "letters or digits make words; punctuation is ignored"))
            return Self.placeholder
        }
        // The matcher keeps a phrase's anchor word in 16 bits; a phrase that long is a paragraph, not a term
        // (review of querylang, 12: a 65,540-word phrase passed check and never matched).
        if words.count > Self.maximumPhraseWords {
            errors.append(QueryError(column: quoted ? column - 1 : column, "a phrase of \(words.count) words is too long to match",
                                     hint: "at most \(Self.maximumPhraseWords) words; quote its most telling part"))
            return Self.placeholder
        }
        if words.allSatisfy({ $0.kind == .any }) {
            errors.append(QueryError(column: column, "wildcard phrase '\(source)' would match nearly everything", hint: "put at least one word beside the '*'"))
            return Self.placeholder
        }
        return .term(TermClause(words: words, field: field, caseSensitive: caseSensitive, source: source))
    }

    /// The one letter the tokeniser leaves of `text`, and the first character it dropped, when `text` is
    /// more than that letter ("A+", "C+"; not "C++", "C#", "A", "U.S."): what the tokeniser keeps decides.
    static func oneLetterLeft(_ text: String) -> (word: String, dropped: String)? {
        let tokens = Tokenizer.words(text)
        let scalars = Array(text.unicodeScalars)
        guard tokens.count == 1, let t = tokens.first, t.end - t.start == 1, t.end - t.start < scalars.count,
              t.text.unicodeScalars.first?.properties.isAlphabetic == true,
              let dropped = scalars.indices.first(where: { $0 < t.start || $0 >= t.end }) else { return nil }
        return (t.folded, String(scalars[dropped]))
    }

    /// The most words a phrase may have.
    static let maximumPhraseWords = 100

    /// Whitespace-separated pieces of `raw`, each with its offset in scalars.
    static func pieces(_ raw: String) -> [(String, Int)] {
        var out: [(String, Int)] = []
        var current = String.UnicodeScalarView()
        var start = 0
        for (i, c) in raw.unicodeScalars.enumerated() {
            if c.isQuerySpace {
                if !current.isEmpty { out.append((String(current), start)); current = .init() }
            } else {
                if current.isEmpty { start = i }
                current.append(c)
            }
        }
        if !current.isEmpty { out.append((String(current), start)) }
        return out
    }
}
