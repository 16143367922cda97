import ArgumentParser
import Daemon
import Delivery
import Foundation
import WirewatchCore

struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail", abstract: "Follow the alert log, one readable line per alert.")

    @OptionGroup var options: ConfigOption
    @Option(help: "The alert log to read (default: the config's first alert-log sink).") var log: String?
    @Option(name: .short, help: "Show this many alerts from history first.") var n: Int = 10
    @Flag(help: "Print the JSON lines as they are.") var json = false
    @Flag(name: .customLong("no-follow"), help: "Print history and exit.") var noFollow = false

    func run() async throws {
        let path: String
        if let log { path = log } else {
            switch ConfigLoader.load(path: options.config) {
            case .failure(let d): throw fail(d.description)
            case .success(let c):
                guard let p = c.sinks.compactMap({ if case .alertLog(let p) = $0.kind { return p } else { return nil } }).first else {
                    throw fail("\(options.config): no alert-log sink is configured")
                }
                path = p
            }
        }
        let color = !json && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let follower = AlertLogFollower(path: path)
        let (history, offset, inode) = follower.lastLines(n)
        let printLine: @Sendable (Data) -> Void = { line in
            if json {
                print(String(decoding: line, as: UTF8.self))
            } else if let r = try? AlertRecord.decode(line: line) {
                print(AlertLine.format(r, color: color))
            }
            fflush(nil)
        }
        history.forEach(printLine)
        if noFollow { return }
        await follower.follow(from: offset, inode: inode, printLine)
    }
}
