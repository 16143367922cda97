import Foundation
import WirewatchCore

/// What the alert log already holds: the ids of its recent lines, learnt when the sink opens it,
/// and a look further back for an older alert, so that a resend never writes a line twice.
extension AlertLogSink {
    /// The ids of the lines in the last `recentBytes` of the log, and of `.1` when the log is shorter.
    func learnRecent() -> LoggedAlerts {
        var found: [LoggedAlerts.Line] = []  // newest first
        let complete = scanBackward(maxBytes: options.recentBytes) { line in
            found.append(line)
            return true
        }
        var since: Date?
        if !complete {
            since = found.last.map { $0.time.addingTimeInterval(Self.lateWriteAllowance + 1) } ?? .distantFuture
        }
        var logged = LoggedAlerts(completeSince: since)
        for line in found.reversed() { logged.append(line) }
        return logged
    }

    /// Whether the log (or `.1`) holds `record` already. An alert older than what the sink
    /// knows completely (a delivery pending since before the recent lines: its writes failed,
    /// or a dead letter queued again) is looked for further back, to an hour before it was
    /// raised; what that scan reads is remembered, so the next such alert seldom needs another.
    func holds(_ record: AlertRecord) -> Bool {
        guard let logged else { return false }
        if logged.contains(record.id) { return true }
        if logged.covers(record.time) { return false }
        let floor = record.time.addingTimeInterval(-Self.lateWriteAllowance)
        var older: [LoggedAlerts.Line] = []  // newest first
        var found = false
        let complete = scanBackward { line in
            if line.id != record.id, line.time < floor { return false }
            if older.count < logged.capacity { older.append(line) }
            found = line.id == record.id
            return !found
        }
        // Every line after the one where the scan stopped is known now; the lines before that one
        // belong to alerts raised at most `lateWriteAllowance` after it: after the record's line, or
        // (the scan stopped an hour before the record was raised) before the record.
        let since = found ? record.time.addingTimeInterval(Self.lateWriteAllowance + 1) : complete ? nil : record.time
        if older.count < logged.capacity { self.logged?.prepend(older.reversed(), since: since) }
        return found
    }

    /// Hands `body` the log's lines, then `.1`'s, newest first, until it returns false or
    /// `maxBytes` have been read; true when it saw every line of both.
    private func scanBackward(maxBytes: Int = .max, _ body: (LoggedAlerts.Line) -> Bool) -> Bool {
        var budget = maxBytes
        for file in [path, path + ".1"] {
            let scan = LogLinesBackward.scan(path: file, maxBytes: budget) { raw in
                guard let line = Self.line(raw) else { return true }
                return body(line)
            }
            bytesRead += scan.bytesRead
            budget -= scan.bytesRead
            guard scan.reachedStart else { return false }
        }
        return true
    }

    private struct IDAndTime: Decodable {
        var id: String
        var time: Date
    }

    private static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()

    private static func line(_ raw: ArraySlice<UInt8>) -> LoggedAlerts.Line? {
        (try? decoder.decode(IDAndTime.self, from: Data(raw))).map { LoggedAlerts.Line(id: $0.id, time: $0.time) }
    }
}
