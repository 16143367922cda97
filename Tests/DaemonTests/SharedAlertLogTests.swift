import Foundation
import Testing
import TestSupport

/// Two daemons, each with its own store, given one alert log: the second wrote every alert a second time, with no
/// word at start or in `check` (exploratory finding of stop 33). The second now refuses to start, naming the log.
@Suite struct SharedAlertLogTests {
    @Test func aSecondDaemonOnOneAlertLogRefusesToStart() async throws {
        let first = try DaemonInstall(feeds: [(id: "a", url: "http://127.0.0.1:9/feed.xml")])
        let second = try DaemonInstall(feeds: [(id: "a", url: "http://127.0.0.1:9/feed.xml")], alertLogPath: first.alertLog)
        let running = try ChildProcess(arguments: ["run", "--config", first.configPath])
        defer { running.signal(SIGKILL) }
        #expect(await eventually { running.stderr.contains("wirewatch ready") }, "stderr: \(running.stderr)")
        let (status, _, stderr) = try await ChildProcess.run(["run", "--config", second.configPath])
        #expect(status == 1, "\(stderr)")
        #expect(stderr.contains("alert log \(first.alertLog) is being written by another process (another wirewatch daemon?); give each daemon a log of its own"),
                "\(stderr)")
        // Once the first has stopped, the log is the second's.
        running.signal(SIGTERM)
        #expect(await running.wait(timeout: 30) == 0)
        let next = try ChildProcess(arguments: ["run", "--config", second.configPath])
        defer { next.signal(SIGKILL) }
        #expect(await eventually { next.stderr.contains("wirewatch ready") }, "stderr: \(next.stderr)")
    }
}
