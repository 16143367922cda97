import Logging

/// Logging for the daemon: stderr, one line per event with key=value metadata.
public enum DaemonLogging {
    public static func bootstrap(level: Logger.Level = .info) -> Logger {
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = level
            return h
        }
        return Logger(label: "wirewatch")
    }
}
