import ArgumentParser
import Daemon

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the daemon: poll feeds, match rules, deliver alerts, until SIGTERM or Ctrl-C.")

    @OptionGroup var options: ConfigOption

    func run() async throws {
        let logger = DaemonLogging.bootstrap()
        switch WatchSetup.load(configPath: options.config) {
        case .failure(let d):
            throw fail(d.description)
        case .success(let setup):
            let daemon: WirewatchDaemon
            do { daemon = try WirewatchDaemon(setup: setup, logger: logger) } catch {
                throw fail("\(setup.config.storePath): cannot open the store: \(error)")
            }
            do { try await daemon.run() } catch { throw fail("wirewatch: \(error)") }
        }
    }
}
