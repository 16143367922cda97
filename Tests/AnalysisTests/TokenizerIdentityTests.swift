@testable import Analysis
import Foundation
import Testing
import TestSupport

/// The byte-level tokeniser against the scalar-level one it replaced (`ReferenceTokenizer`): every token
/// alike (offsets, text and folded form byte for byte, shape, hash), on the seed report, the demo feeds,
/// the labelled sets, a seeded corpus of generated multilingual, mojibake, emoji and CJK text, and the
/// numbers, symbols and joiners its later rules are about. Deleted with the rules' change (624afc8) and
/// restored (review of tokens, 9): those rules put three new paths into the fast loop, where offsets drift.
@Suite struct TokenizerIdentityTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// What differs between the tokeniser and the reference's tokens (`old`) on `text`, or nil.
    static func difference(_ text: String, _ old: [Token]) -> String? {
        let new = Tokenizer.tokenize(text).tokens
        guard new.count == old.count else {
            return "\(text.debugDescription): \(new.count) tokens, the reference \(old.count)"
        }
        for (a, b) in zip(new, old) where !same(a, b) {
            return "\(text.debugDescription): \(a) where the reference has \(b)"
        }
        let words = Tokenizer.words(text)
        guard words.count == old.count, zip(words, old).allSatisfy({ same($0, $1) }) else {
            return "\(text.debugDescription): words(_:) differs"
        }
        return nil
    }

    /// Field by field, the sentence aside; strings byte for byte, since String's == is canonical equivalence.
    static func same(_ a: Token, _ b: Token) -> Bool {
        a.start == b.start && a.end == b.end && Array(a.text.utf8) == Array(b.text.utf8) && Array(a.folded.utf8) == Array(b.folded.utf8)
            && a.shape == b.shape && a.hash == b.hash
    }

    static func expectIdentical(_ texts: [String], references: [[Token]]? = nil,
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
        let tokens = reference.flatMap { $0 }
        let shapes: [TokenShape] = [.capitalized, .allCaps, .innerCap, .numeric, .ascii, .uncased, .hyphenated, .afterApostrophe]
        for shape in shapes { #expect(tokens.contains { $0.shape.contains(shape) }, "no token is \(shape)") }
        #expect(tokens.contains { !$0.shape.contains(.ascii) && $0.shape.contains(.allCaps) && $0.end - $0.start > $0.text.unicodeScalars.count },
                "no non-ASCII initialism")
        #expect(tokens.contains { $0.text.unicodeScalars.contains { $0.value > 0xFFFF } })
    }

    /// The later rules' cases, and their edges: numbers with separators (and runs that make none), "++" and "#"
    /// after one or two letters, invisible joiners inside words, each beside non-ASCII text.
    @Test func numbersSymbolsAndJoiners() {
        let pieces = ["12.5", "1,000", "1.000.000", "2.500,75", "1.12.2025", "192.168.0.1", "3,5", "12.5bn", "3.5µm", "0.12", "1,2,3",
                      "C++", "c#", "F#", "G++x", "ABC++", "C+++", "C#5", "Deep\u{AD}Seek", "Wa\u{AD}łęsa", "a\u{2060}b", "x\u{FEFF}",
                      "\u{AD}lead", "U.S.", "OpenAI's", "Keller-Sutter", "５.５", "١٢.٥", "深度1.5", "é1.5", "1.5é", "v2.0.1-rc",
                      "Đinh", "Tiến", "Đuro", "Đà", "３.５", "１，０００", "１．１２．２０２５", "１２3.5", "３.５億", "３.５x", "１２",
                      "\u{FF0E}５", "３\u{FF0C}", "CO₂", "H₂O", "₂", "Nvidia¹", "km²", "10⁶", "x⁰y", "é²", "Ü₂",
                      "３.５km", "３.５ｋｍ", "３．５ＫＭ２", "３.５kg増", "３.５µm", "１，０００ｍ", "３.５km.２", "３.５ｋ．５", "１２％", "３ｋｍ",
                      "OpenAI\u{2BC}s", "OpenAI\u{FF07}s", "O\u{2018}Brien", "it\u{B4}s", "x`s", "п\u{2BC}ять", "é\u{2032}s", "深\u{2019}s"]
        var texts = pieces
        var random = SeededRandom(seed: 20261201)
        for _ in 0..<2000 {
            texts.append((0..<Int(random.next() % 8 + 2)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }
                .joined(separator: ["", " ", ".", ",", "-", "'", " (", "\n"][Int(random.next() % 8)]))
        }
        Self.expectIdentical(texts)
    }
}
