import ArgumentParser
import WirewatchCore

@main
struct WirewatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wirewatch",
        abstract: "Watches news feeds and raises alerts when articles match your watch rules.",
        version: WirewatchVersion.string,
        subcommands: [RunCommand.self, CheckCommand.self, TailCommand.self, ParseCommand.self, AnalyzeCommand.self,
                      RulesCommand.self, DeliverCommand.self, FeedsCommand.self, OpmlCommand.self,
                      StoreCommand.self])
}

/// `--config`, shared by the commands that read the configuration.
struct ConfigOption: ParsableArguments {
    @Option(name: .shortAndLong, help: "The configuration file (or $WIREWATCH_CONFIG).")
    var config: String = ProcessInfo.processInfo.environment["WIREWATCH_CONFIG"] ?? "/etc/wirewatch/wirewatch.yaml"
}

import Foundation

/// Prints `message` to standard error and exits with status 1.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    return ExitCode(1)
}

/// Prints `wirewatch: warning: message` to standard error; the command goes on.
func warn(_ message: String) {
    FileHandle.standardError.write(Data("wirewatch: warning: \(message)\n".utf8))
}

/// Prints `value` as one line of JSON: keys sorted, dates in ISO 8601, the
/// shape every command's `--json` shares.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
