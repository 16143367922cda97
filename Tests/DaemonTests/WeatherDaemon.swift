import Foundation
import Testing
import TestSupport

/// `wirewatch run` on one demo feed (the weather story), once it says it is ready; `stop()` kills it
/// and its feed server.
struct WeatherDaemon {
    let server: LoopbackHTTPServer
    let install: TestInstall
    let daemon: ChildProcess

    static func start() async throws -> WeatherDaemon {
        let site = DemoSite([LifecycleTests.weather])
        let server = try await LoopbackHTTPServer { site.respond($0) }
        let install = try TestInstall(feedURL: "\(server.baseURL)/feed.xml")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath])
        #expect(await eventually { daemon.stderr.contains("wirewatch ready") }, "stderr: \(daemon.stderr)")
        return WeatherDaemon(server: server, install: install, daemon: daemon)
    }

    func stop() {
        daemon.signal(SIGKILL)
        Task { [server] in await server.shutdown() }
    }
}
