import ArgumentParser
import Daemon
import Foundation
import WirewatchCore

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the daemon: poll feeds, match rules, deliver alerts, until SIGTERM or Ctrl-C.",
        discussion: """
            SIGHUP (systemctl reload) reloads the config and rules; a reload that fails validation keeps the \
            running ones. Under systemd, the daemon speaks the notify protocol on $NOTIFY_SOCKET.
            """)

    @OptionGroup var options: ConfigOption
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (or $WIREWATCH_LOG_LEVEL).")
    var logLevel: String?

    func validate() throws {
        if let problem = DaemonLogging.levelProblem(levelName: logLevel) { throw ValidationError(problem) }
    }

    func run() async throws {
        let logger = DaemonLogging.bootstrap(levelName: logLevel)
        switch WatchSetup.load(configPath: options.config) {
        case .failure(let d):
            throw fail(d.description)
        case .success(let setup):
            // What `check` refuses, said with where it is written, before the store or the admin endpoint is opened.
            let refused = (setup.unwritablePlaces().problems + setup.unlistenableAdmin() + setup.unreadableSecrets()).inReadingOrder()
            if !refused.isEmpty { throw fail(Diagnostics(refused).description) }
            for d in setup.warnings { logger.warning("\(d)") }
            if let full = setup.storeRoomNote() { logger.warning("\(full)") }
            let daemon: WirewatchDaemon
            do { daemon = try WirewatchDaemon(setup: setup, logger: logger) } catch let held as StoreLock.Held {
                throw fail("\(setup.config.storePath): \(held)")
            } catch {
                // SQLite's own words were "error 14: unable to open database file" (exploratory finding of stop 33).
                if let path = setup.config.store.filePath, access(path, F_OK) == 0, access(path, R_OK | W_OK) != 0 {
                    throw fail("\(path): cannot open the store: \(String(cString: strerror(errno))) (as \(NSUserName()); "
                               + "the daemon reads and writes it: give its user the store and its directory)")
                }
                throw storeRefusal(error, path: setup.config.storePath, failing: "cannot open the store")
            }
            do { try await daemon.run() } catch { throw fail("wirewatch: \(error)") }
        }
    }
}
