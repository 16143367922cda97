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
        public var text: String
        public var weight: Double
        public init(_ text: String, weight: Double = 1) { self.text = text; self.weight = weight }
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
    /// Folded given names and surnames: a capitalised pair that starts with one
    /// or ends with the other reads as a person's name.
    public private(set) var givenNames: Set<String> = []
    public private(set) var surnames: Set<String> = []
    private var entityIndex: [String: Int] = [:]
    private var topicIndex: [String: Int] = [:]

    public init(entities: [EntityDefinition] = [], topics: [TopicDefinition] = []) {
        add(entities: entities)
        add(topics: topics)
    }

    public mutating func add(entities: [EntityDefinition]) {
        for e in entities {
            let key = TextFolding.fold(e.name)
            if let i = entityIndex[key] {
                self.entities[i].aliases += e.aliases.filter { !self.entities[i].aliases.contains($0) }
            } else {
                entityIndex[key] = self.entities.count
                self.entities.append(e)
            }
        }
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

    public mutating func add(surnames names: some Sequence<String>) {
        for n in names { surnames.insert(TextFolding.fold(n)) }
    }

    public func topic(id: String) -> TopicDefinition? { topicIndex[id].map { topics[$0] } }

    /// The entity whose canonical name or an alias folds to `name`'s folding.
    public func entity(named name: String) -> EntityDefinition? {
        let key = TextFolding.fold(name)
        if let i = entityIndex[key] { return entities[i] }
        // "Washington" is the United States (as in running text), not the dateline's Washington, D.C.
        let named = { (e: EntityDefinition) in e.aliases.contains { TextFolding.fold($0) == key } }
        return entities.first { $0.reading != .inDateline && named($0) } ?? entities.first(where: named)
    }

    /// Every entity `name` names, as `entity(named:)` ranks them: the one it is
    /// the canonical name of, then those it is an alias of (read anywhere before
    /// dateline-only). "Beijing" is the city and China; "Washington" the United
    /// States and Washington, D.C.; "Washington, D.C." the city alone.
    public func entities(named name: String) -> [EntityDefinition] {
        let key = TextFolding.fold(name)
        let canonical = entityIndex[key]
        let aliased = entities.indices.filter { i in
            i != canonical && entities[i].aliases.contains { TextFolding.fold($0) == key }
        }
        let ranked = aliased.filter { entities[$0].reading != .inDateline } + aliased.filter { entities[$0].reading == .inDateline }
        return ((canonical.map { [$0] } ?? []) + ranked).map { entities[$0] }
    }
}
