import Foundation

/// A config directory for a `wirewatch run` child: feeds, sinks and rules as the test gives them.
public struct DaemonInstall: Sendable {
    public let dir: URL
    public var configPath: String { dir.appendingPathComponent("wirewatch.yaml").path }
    /// The alert-log sink's file.
    public let alertLog: String
    public var storePath: String { dir.appendingPathComponent("var/state.sqlite").path }

    /// `intervals` overrides `interval` for the feeds it names. `alertLogOptions` are extra lines of the
    /// alert-log sink (indented four spaces, e.g. its `retry:`); `extraConfig` is top-level YAML (e.g. `poll:`).
    /// `store` is the value of `store:` (a PostgreSQL URL, say); `storePath` is the file only with the default.
    public init(feeds: [(id: String, url: String)], extraSinks: String = "",
                rules: String = DaemonInstall.distillationRule, interval: String = "1s", intervals: [String: String] = [:],
                alertLogPath: String = "var/alerts.jsonl", alertLogOptions: String = "", extraConfig: String = "",
                store: String = "var/state.sqlite") throws {
        dir = try makeTemporaryDirectory("daemon")
        alertLog = alertLogPath.hasPrefix("/") ? alertLogPath : dir.appendingPathComponent(alertLogPath).path
        let feedList = feeds.map { "  - id: \($0.id)\n    url: \($0.url)\n    interval: \(intervals[$0.id] ?? interval)" }.joined(separator: "\n")
        try """
            store: \(store)
            data: \(repositoryRoot.appendingPathComponent("Config").path)
            rules: rules.d
            \(extraConfig)
            feeds:
            \(feedList)
            sinks:
              - id: alert-log
                type: alert-log
                path: \(alertLog)
            \(alertLogOptions)
            \(extraSinks)
            """.write(toFile: configPath, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("rules.d"), withIntermediateDirectories: true)
        try rules.write(to: dir.appendingPathComponent("rules.d/rules.yaml"), atomically: true, encoding: .utf8)
    }

    public static let distillationRule = """
        rules:
          - id: deepseek-distillation
            query: 'DeepSeek AND distil*'
            severity: high
        """

    /// The lines of the alert log (or of `path`); empty when it does not exist.
    public func lines(_ path: String? = nil) -> [String] {
        guard let text = try? String(contentsOfFile: path ?? alertLog, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }
}
