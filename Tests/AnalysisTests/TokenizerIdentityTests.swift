@testable import Analysis
import Foundation
import Testing

/// The byte-level tokeniser against the scalar-level one it replaced (`ReferenceTokenizer`):
/// every token alike (offsets, text and folded form byte for byte, sentence, shape, hash) and
/// every sentence alike, on the seed report, the demo feeds, the labelled sets and a seeded
/// corpus of generated multilingual, mojibake, emoji and CJK text.
@Suite struct TokenizerIdentityTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// What differs between the tokeniser and the reference's tokens and sentences (`old`) on `text`, or nil.
    static func difference(_ text: String, _ old: (tokens: [Token], sentences: [Sentence])) -> String? {
        let new = Tokenizer.tokenize(text)
        guard new.tokens.count == old.tokens.count else {
            return "\(text.debugDescription): \(new.tokens.count) tokens, the reference \(old.tokens.count)"
        }
        for (a, b) in zip(new.tokens, old.tokens) where !same(a, b) {
            return "\(text.debugDescription): \(a) where the reference has \(b)"
        }
        guard new.sentences == old.sentences else { return "\(text.debugDescription): \(new.sentences) where the reference has \(old.sentences)" }
        let words = Tokenizer.words(text)
        guard words.count == old.tokens.count, zip(words, old.tokens).allSatisfy({ same($0, $1, sentence: false) }) else {
            return "\(text.debugDescription): words(_:) differs"
        }
        return nil
    }

    /// Field by field; strings byte for byte, since String's == is canonical equivalence.
    static func same(_ a: Token, _ b: Token, sentence: Bool = true) -> Bool {
        a.start == b.start && a.end == b.end && Array(a.text.utf8) == Array(b.text.utf8) && Array(a.folded.utf8) == Array(b.folded.utf8)
            && (!sentence || a.sentence == b.sentence) && a.shape == b.shape && a.hash == b.hash
    }

    static func expectIdentical(_ texts: [String], references: [(tokens: [Token], sentences: [Sentence])]? = nil,
                                sourceLocation: SourceLocation = #_sourceLocation) {
        let references = references ?? texts.map(ReferenceTokenizer.tokenize)
        let differences = zip(texts, references).compactMap(difference)
        #expect(differences.isEmpty, "\(differences.count) of \(texts.count) texts differ, first: \(differences.prefix(3))",
                sourceLocation: sourceLocation)
    }

    static func file(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func seedReport() throws {
        let raw = try Self.file("Tests/AnalysisTests/Fixtures/seed-openai-distillation-report.txt")
        Self.expectIdentical([raw, CleanText.from(html: raw).text] + raw.split(separator: "\n").map(String.init))
    }

    @Test func demoFeeds() throws {
        let dir = Self.root.appendingPathComponent("Config/demo/feeds")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names.count >= 2)
        var texts: [String] = []
        for name in names {
            let raw = try Self.file("Config/demo/feeds/" + name)
            texts += [raw, CleanText.from(html: raw).text] + raw.split(separator: "\n").map(String.init)
        }
        Self.expectIdentical(texts)
    }

    @Test func labelledSets() throws {
        let dir = Self.root.appendingPathComponent("Tests/AnalysisTests/Fixtures")
        var texts: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where name.hasSuffix(".jsonl") {
            for line in try Self.file("Tests/AnalysisTests/Fixtures/" + name).split(separator: "\n") {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                if let text = object?["text"] as? String { texts += [text, CleanText.from(html: text).text] }
            }
        }
        #expect(texts.count >= 240)
        Self.expectIdentical(texts)
    }

    @Test func generatedCorpus() {
        let corpus = GeneratedText.corpus(count: 4000, seed: 20261129)
        let reference = corpus.map(ReferenceTokenizer.tokenize)
        Self.expectIdentical(corpus, references: reference)
        // The corpus reaches every kind of token, or the comparison proves little.
        let tokens = reference.flatMap(\.tokens)
        let shapes: [TokenShape] = [.capitalized, .allCaps, .innerCap, .numeric, .ascii, .uncased, .hyphenated, .afterApostrophe]
        for shape in shapes { #expect(tokens.contains { $0.shape.contains(shape) }, "no token is \(shape)") }
        #expect(tokens.contains { !$0.shape.contains(.ascii) && $0.shape.contains(.allCaps) && $0.end - $0.start > $0.text.unicodeScalars.count },
                "no non-ASCII initialism")
        #expect(tokens.contains { $0.text.unicodeScalars.contains { $0.value > 0xFFFF } })
        #expect(reference.contains { $0.sentences.count >= 3 })
    }
}
