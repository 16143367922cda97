import Foundation
import Testing
import TestSupport

/// Every broken configuration is refused by `wirewatch check` with exactly
/// the expected lines (file:line:column: message) and exit status 1.
@Suite struct BrokenConfigTests {
    static let cases = BrokenConfig.configCases + BrokenConfig.ruleCases

    @Test func thereAreAtLeastThirtyCases() {
        #expect(Self.cases.count >= 30)
        #expect(Set(Self.cases.map(\.name)).count == Self.cases.count)
    }

    @Test(arguments: BrokenConfigTests.cases)
    func checkPrintsTheExpectedMessage(_ broken: BrokenConfig) async throws {
        let dir = try makeTemporaryDirectory("broken")
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = repositoryRoot.appendingPathComponent("Config").path
        let configPath = dir.appendingPathComponent("wirewatch.yaml").path
        let rulesDir = dir.appendingPathComponent("rules.d")
        try FileManager.default.createDirectory(at: rulesDir, withIntermediateDirectories: true)
        try Data(broken.config.replacingOccurrences(of: "$DATA", with: data).utf8).write(to: URL(fileURLWithPath: configPath))
        for (name, text) in broken.rules {
            try Data(text.replacingOccurrences(of: "$DATA", with: data).utf8).write(to: rulesDir.appendingPathComponent(name))
        }
        let (status, stdout, stderr) = try await ChildProcess.run(["check", "--config", configPath])
        let expected = broken.expected.map {
            $0.replacingOccurrences(of: "$CONFIG", with: configPath).replacingOccurrences(of: "$RULES", with: rulesDir.path)
                .replacingOccurrences(of: "$DATA", with: data).replacingOccurrences(of: "$DIR", with: dir.path)
        }
        let actual = stderr.split(separator: "\n").map(String.init)
        #expect(status == 1, "\(broken.name): \(stdout)")
        let shown = actual.map {
            $0.replacingOccurrences(of: configPath, with: "$CONFIG").replacingOccurrences(of: rulesDir.path, with: "$RULES")
                .replacingOccurrences(of: data, with: "$DATA").replacingOccurrences(of: dir.path, with: "$DIR")
        }
        #expect(actual == expected, "\(broken.name):\n\(shown.joined(separator: "\n"))")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("var").path), "check must not create state")
    }
}
