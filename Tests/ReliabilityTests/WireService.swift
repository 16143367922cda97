import Foundation
import Synchronization
import TestSupport

/// A news agency that keeps publishing: a deterministic stream of distinct
/// stories (about half of them match `rule`) spread over several feeds of a
/// `NewsDesk`, so a test knows exactly which articles must raise an alert.
final class WireService: Sendable {
    static let rule = """
        rules:
          - id: distillation
            query: 'DeepSeek AND distil*'
            severity: high
            throttle: { per: article }
        """

    let desk: NewsDesk
    let paths: [String]
    private let published = Mutex<[(guid: String, matches: Bool)]>([])

    init(desk: NewsDesk, paths: [String]) {
        self.desk = desk
        self.paths = paths
    }

    /// Guids of the stories published so far that `rule` matches.
    var matching: Set<String> { Set(published.withLock { $0.filter(\.matches).map(\.guid) }) }
    var count: Int { published.withLock { $0.count } }

    /// Publishes story `index`, its words and whether it matches drawn from `random`.
    func publish(_ index: Int, random: inout SeededRandom) {
        let matches = Bool.random(using: &random)
        let words = (0..<40).map { _ in Self.vocabulary.randomElement(using: &random)! }
        let guid = "story-\(index)"
        var body = words.joined(separator: " ")
        if matches { body += ". Analysts say DeepSeek relied on knowledge distillation of rival models." }
        let title = "\(words[0].capitalized) \(words[1]) \(words[2]) report \(index)"
        desk.publish(.init(guid: guid, title: title, body: "<p>\(body)</p>"), on: paths[index % paths.count])
        published.withLock { $0.append((guid, matches)) }
    }

    /// Publishes a story every `interval` (a range the pause is drawn from) until cancelled.
    func run(interval: ClosedRange<Double>, random: SeededRandom) async {
        var random = random
        var index = count
        while !Task.isCancelled {
            publish(index, random: &random)
            index += 1
            try? await Task.sleep(for: .seconds(Double.random(in: interval, using: &random)))
        }
    }

    static let vocabulary = """
        harbour council budget river senate tariff grain pipeline festival courthouse railway drought vaccine
        election satellite quarry lender orchard refinery glacier ministry shipyard tribunal harvest telescope
        bakery museum stadium airline brewery parliament factory coastline reservoir lighthouse monastery
        volcano cathedral archive turbine vineyard observatory marathon regatta embassy laboratory warehouse
        """.split(whereSeparator: \.isWhitespace).map(String.init)
}
