/// The kinds of named entity the analysis core recognises.
public enum EntityType: String, Sendable, Codable, CaseIterable {
    case person = "PERSON"
    case org = "ORG"
    case loc = "LOC"
    case misc = "MISC"
}
