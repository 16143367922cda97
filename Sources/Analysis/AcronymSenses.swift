/// A known acronym that another field's body shares: "SEC" is the Securities and Exchange Commission,
/// but the Southeastern Conference in a sentence about a football game; "ECB" the England and Wales
/// Cricket Board beside cricket; "AP" Advanced Placement before "exams" (trial5 finding 47). Read during
/// the gazetteer pass from the words of the acronym's sentence (or, for a word as common as "AP", the
/// word after it).
struct AcronymSenses: Sendable {
    private struct Sense: Sendable {
        var acronym: String
        var other: Int
        var cues: Set<String>
        /// The cue must follow the acronym ("AP exams"), not merely share its sentence.
        var nextWordOnly: Bool
    }

    /// By the gazetteer entity the acronym names.
    private let senses: [Int: [Sense]]

    private static let table: [(acronym: String, of: String, other: String, cues: Set<String>, nextWordOnly: Bool)] = [
        ("SEC", "Securities and Exchange Commission", "Southeastern Conference",
         // Not "season", "title" or "conference": the Commission has its proxy season, titles and calls.
         ["football", "basketball", "baseball", "softball", "championship", "game", "games", "coach", "coaches", "quarterback",
          "touchdown", "bowl", "playoff", "playoffs", "tournament"], false),
        ("ECB", "European Central Bank", "England and Wales Cricket Board",
         // Not "test": the central bank has its stress tests.
         ["cricket", "cricketers", "wicket", "wickets", "ashes", "batsman", "batter", "bowler", "selectors", "odi", "t20"], false),
        ("AP", "Associated Press", "Advanced Placement",
         ["exam", "exams", "course", "courses", "class", "classes", "test", "tests", "credit", "credits", "scores"], true),
    ]

    init(entities: [EntityDefinition]) {
        var senses: [Int: [Sense]] = [:]
        for row in Self.table {
            guard let of = entities.firstIndex(where: { $0.name == row.of }),
                  let other = entities.firstIndex(where: { $0.name == row.other }) else { continue }
            senses[of, default: []].append(Sense(acronym: row.acronym, other: other, cues: row.cues, nextWordOnly: row.nextWordOnly))
        }
        self.senses = senses
    }

    /// The other body that the acronym at token i names, if its sentence speaks of that body's field.
    func other(for entity: Int, at i: Int, _ tokens: [Token]) -> Int? {
        guard let list = senses[entity] else { return nil }
        for sense in list where tokens[i].text == sense.acronym {
            if sense.nextWordOnly {
                if i + 1 < tokens.count, tokens[i + 1].sentence == tokens[i].sentence, sense.cues.contains(tokens[i + 1].folded) { return sense.other }
                continue
            }
            var a = i
            while a > 0, tokens[a - 1].sentence == tokens[i].sentence { a -= 1 }
            var b = a
            while b < tokens.count, tokens[b].sentence == tokens[i].sentence {
                if sense.cues.contains(tokens[b].folded) { return sense.other }
                b += 1
            }
        }
        return nil
    }
}
