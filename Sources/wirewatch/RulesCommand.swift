import ArgumentParser

struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "Try the watch rules on an article, or on the articles the daemon has stored.",
        subcommands: [RulesTestCommand.self, RulesBacktestCommand.self])
}
