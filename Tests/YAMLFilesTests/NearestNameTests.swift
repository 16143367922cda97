import Testing
@testable import YAMLFiles

/// "Did you mean": the first candidate nearest the word, within two edits, case aside. The bounded search
/// (length first, a distance given up past the best so far) names what comparing every candidate in full names.
@Suite struct NearestNameTests {
    static let candidates = ["DeepSeek", "OpenAI", "Open AI", "Nvidia", "Huawei", "ASML", "AMD", "Meta", "Mistral AI",
                             "Zhipu", "Baidu", "Alibaba", "Tencent", "Straße", "Strasse", "İstanbul", "Zürich", "Zurich",
                             "深度求索", "Ōtsuka", "x", "", "export-controls", "export-control", "chips", "chip"]

    /// Levenshtein over the whole of both, lower-cased: what `nearest` answered before it was bounded.
    static func reference(_ word: String) -> String? {
        func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
            var d = (0...b.count).map { $0 }
            for i in a.indices {
                var next = [i + 1]
                for j in b.indices { next.append(min(d[j + 1] + 1, next[j] + 1, d[j] + (a[i] == b[j] ? 0 : 1))) }
                d = next
            }
            return d[b.count]
        }
        let w = Array(word.lowercased().unicodeScalars)
        return candidates.map { ($0, distance(w, Array($0.lowercased().unicodeScalars))) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }

    @Test(arguments: ["Deepsek", "deepseek", "DEEPSEEK", "OpenAl", "openai", "Open-AI", "Nvdia", "Huwaei", "ASMl", "AMDX", "Meat",
                      "Mistral", "MistralAI", "strase", "Strassse", "istanbul", "Zurih", "zürich", "深度求", "otsuka", "y", "xyz",
                      "", "export-contrls", "export-controlz", "chipz", "ch", "nothing-like-any", "Alibab", "Tencen", "Baidoo"])
    func namesWhatAFullComparisonNames(word: String) {
        #expect(YAMLReader.nearest(word, in: Self.candidates) == Self.reference(word))
    }

    @Test func rows() {
        #expect(YAMLReader.nearest("Deepsek", in: Self.candidates) == "DeepSeek")
        #expect(YAMLReader.nearest("chipz", in: Self.candidates) == "chips")  // the first of two at one edit
        #expect(YAMLReader.nearest("nothing-like-any", in: Self.candidates) == nil)
        #expect(YAMLReader.editDistance(Array("kitten".unicodeScalars), Array("sitting".unicodeScalars), atMost: 3) == 3)
        #expect(YAMLReader.editDistance(Array("kitten".unicodeScalars), Array("sitting".unicodeScalars), atMost: 2) == nil)
    }
}
