import WirewatchCore

/// A named thing the analysis core can recognise: from the shipped gazetteer
/// or from an operator's rule file.
public struct EntityDefinition: Sendable, Hashable {
    public var name: String
    public var type: EntityType
    public var aliases: [String]
    /// Where the text names this entity: anywhere, or (a place) only where it says so.
    public var reading: NameReading
    public init(name: String, type: EntityType, aliases: [String] = [], reading: NameReading = .anywhere) {
        self.name = name; self.type = type; self.aliases = aliases; self.reading = reading
    }
}

/// Where the text names a gazetteer entity.
public enum NameReading: String, Sendable, Hashable {
    case anywhere
    /// A place named like a person ("Austin", "Jackson"): a place only where the text says so ("in
    /// Austin", "Austin-based", "Austin, Texas", a dateline); elsewhere left to the names from context.
    case withPlaceCue = "cue"
    /// A capital whose name in running text stands for its government, an alias of its country
    /// ("Washington imposed sanctions", "Beijing said"): this city only in a dateline ("BEIJING (Reuters) -").
    /// Its names that no other entity has ("Washington DC") are read anywhere.
    case inDateline = "dateline"
}

/// A topic of the taxonomy: weighted terms; a trailing `*` makes a term a prefix.
public struct TopicDefinition: Sendable, Hashable {
    public struct Term: Sendable, Hashable {
        /// The word or phrase; for a near term, a label made of its two sets.
        public var text: String
        public var weight: Double
        /// A near term's two sets of words or phrases: it is found where one of each stands with at most
        /// `within` other words between them, in either order, in one sentence ("curbs on chip exports").
        /// Empty for a plain term.
        public var near: [[String]]
        public var within: Int
        /// Phrases that cancel the term where they cover its words: "Cyber Monday" for `cyber*`.
        public var unless: [String]
        /// Near phrases that cancel the term where they cover its words: a word of each side close together in one
        /// sentence, as a near term is found. One side is usually the term's own word and the other the words of its
        /// other sense: `hack*` near `golf*`, `fairway` is a golfer; `export*` near `midfield` a footballer.
        public var unlessNear: [Near]
        /// Two sets of words or phrases found with at most `within` other words between them, either order, in one sentence.
        public struct Near: Sendable, Hashable {
            public var sides: [[String]]
            public var within: Int
            public init(_ sides: [[String]], within: Int = Term.defaultWithin) { self.sides = sides; self.within = within }
        }
        public init(_ text: String, weight: Double = 1, unless: [String] = [], unlessNear: [Near] = []) {
            self.text = text; self.weight = weight; near = []; within = 0; self.unless = unless; self.unlessNear = unlessNear
        }
        public init(near: [[String]], within: Int = Self.defaultWithin, weight: Double = 1, unless: [String] = [], unlessNear: [Near] = []) {
            text = near.map { $0.joined(separator: "|") }.joined(separator: " ~ ")
            self.weight = weight; self.near = near; self.within = within; self.unless = unless; self.unlessNear = unlessNear
        }
        /// Words allowed between a near term's two sides when `within` is not given.
        public static let defaultWithin = 3
        /// The most words a near term's `within` may allow: farther apart, two words say little about each other.
        public static let maximumWithin = 10
    }
    public var id: String
    public var name: String
    public var terms: [Term]
    public init(id: String, name: String? = nil, terms: [Term]) {
        self.id = id; self.name = name ?? id; self.terms = terms
    }
}

/// Everything the analyzer knows, merged from shipped data and rule files.
/// Later definitions extend earlier ones: an operator's entity with a known
/// name adds aliases; an operator's topic with a known id replaces it.
public struct KnowledgeBase: Sendable {
    public private(set) var entities: [EntityDefinition] = []
    public private(set) var topics: [TopicDefinition] = []
    /// The canonical names of countries (`countries.tsv`): an American town may bear one ("Lebanon, Pennsylvania").
    public private(set) var countries: Set<String> = []
    /// Folded given names and surnames: a capitalised pair that starts with one
    /// or ends with the other reads as a person's name.
    public private(set) var givenNames: Set<String> = []
    public private(set) var surnames: Set<String> = []
    /// Every entity's name and aliases, in the order they were added: what "did you mean" searches for an
    /// unknown `entity:` (gathered once, not for each unknown name of each rule).
    public private(set) var entityNames: [String] = []
    private var entityIndex: [String: Int] = [:]
    /// Folded alias → the entities it is an alias of, in the order they were added: every `entity:`
    /// clause of every rule looks its name up at load, so a lookup must not fold every alias.
    private var aliasIndex: [String: [Int]] = [:]
    private var topicIndex: [String: Int] = [:]

    public init(entities: [EntityDefinition] = [], topics: [TopicDefinition] = []) {
        add(entities: entities)
        add(topics: topics)
    }

    public mutating func add(entities: [EntityDefinition]) {
        for e in entities {
            let key = TextFolding.fold(e.name)
            let i: Int
            if let known = entityIndex[key] {
                i = known
                let added = e.aliases.filter { !self.entities[i].aliases.contains($0) }
                self.entities[i].aliases += added
                entityNames += added
            } else {
                i = self.entities.count
                entityIndex[key] = i
                self.entities.append(e)
                entityNames += [e.name] + e.aliases
            }
            for alias in e.aliases { index(alias: alias, of: i) }
        }
    }

    /// Keeps each list in entity order, so that ranking by it is the order the entities were added
    /// in, also when a later file adds an alias to an earlier entity.
    private mutating func index(alias: String, of i: Int) {
        let key = TextFolding.fold(alias)
        var list = aliasIndex[key, default: []]
        guard !list.contains(i) else { return }
        list.insert(i, at: list.firstIndex { $0 > i } ?? list.endIndex)
        aliasIndex[key] = list
    }

    public mutating func add(topics: [TopicDefinition]) {
        for t in topics {
            if let i = topicIndex[t.id] { self.topics[i] = t } else {
                topicIndex[t.id] = self.topics.count
                self.topics.append(t)
            }
        }
    }

    public mutating func add(givenNames names: some Sequence<String>) {
        for n in names { givenNames.insert(TextFolding.fold(n)) }
    }

    public mutating func add(countries names: some Sequence<String>) {
        countries.formUnion(names)
    }

    public mutating func add(surnames names: some Sequence<String>) {
        for n in names { surnames.insert(TextFolding.fold(n)) }
    }

    public func topic(id: String) -> TopicDefinition? { topicIndex[id].map { topics[$0] } }

    /// The entity whose canonical name folds to `name`'s folding: the one a definition of that name adds to.
    public func entity(canonical name: String) -> EntityDefinition? { entityIndex[TextFolding.fold(name)].map { entities[$0] } }

    /// The entity whose canonical name or an alias folds to `name`'s folding.
    /// "Washington" is the United States (as in running text), not the dateline's Washington, D.C.
    public func entity(named name: String) -> EntityDefinition? { entities(named: name).first }

    /// Every entity `name` names, best first (`entity(named:)` is the first): the one it is
    /// the canonical name of, then those it is an alias of (read anywhere before
    /// dateline-only). "Beijing" is the city and China; "Washington" the United
    /// States and Washington, D.C.; "Washington, D.C." the city alone.
    public func entities(named name: String) -> [EntityDefinition] {
        let key = TextFolding.fold(name)
        let canonical = entityIndex[key]
        let aliased = (aliasIndex[key] ?? []).filter { $0 != canonical }
        let ranked = aliased.filter { entities[$0].reading != .inDateline } + aliased.filter { entities[$0].reading == .inDateline }
        return ((canonical.map { [$0] } ?? []) + ranked).map { entities[$0] }
    }
}
