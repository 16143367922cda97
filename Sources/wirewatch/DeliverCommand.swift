import ArgumentParser
import Daemon
import Foundation
import Store

struct DeliverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver", abstract: "Inspect the outbox, queue dead-lettered deliveries again, and resume a paused sink.",
        subcommands: [List.self, Retry.self, Resume.self, GiveUp.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each sink: whether it runs, what waits for it (the oldest, the next attempt, the last error), its dead letters and deliveries of the last 24 h; the sinks paused at their receiver's request; the dead letters.")
        @OptionGroup var options: ConfigOption
        @Flag(help: "Only the dead letters.") var dead = false
        @Option(help: "At most this many dead letters.") var limit = 100
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let (store, config) = try openStoreAndConfig(options, readOnly: true)
            let now = Date()
            let letters: [DeadLetter]
            let counts: DeliveryCounts
            let paused: [SinkHold]
            let backlogs: [SinkBacklog]
            let current: CurrentSinkStates
            do {
                letters = try store.deadLetters(limit: limit)
            } catch {
                throw fail("cannot read the outbox: \(error)")
            }
            if dead, json { return try printJSON(letters) }
            do {
                counts = try store.deliveryCounts(); paused = try store.sinkHolds(now: now)
                backlogs = try store.sinkBacklogs(deliveredSince: now.addingTimeInterval(-DeliveryListing.recentWindow), now: now)
                current = try CurrentSinkStates.read(from: store, at: config.store, now: now)
            } catch {
                throw fail("cannot read the outbox: \(error)")
            }
            let digests = Dictionary(config.sinks.compactMap { s in s.delivery.digest.map { (s.id, $0) } }, uniquingKeysWith: { a, _ in a })
            let sinks = DeliveryListing.standings(backlogs: backlogs, current: current, holds: paused, configured: config.sinks.map(\.id),
                                                  digests: digests)
            if json {
                // `delivered` is every delivery the store keeps (alerts go after retention.alerts); the rest is now.
                struct Summary: Encodable {
                    var pending: Int; var delivered: Int; var dead: Int; var deliveredLast24h: Int; var pendingBySink: [String: Int]
                    var daemons: [String]; var sinks: [SinkStanding]; var paused: [SinkHold]; var deadLetters: [DeadLetter]
                }
                return try printJSON(Summary(
                    pending: counts.pending, delivered: counts.delivered, dead: counts.dead,
                    deliveredLast24h: backlogs.reduce(0) { $0 + $1.deliveredRecently },
                    pendingBySink: Dictionary(backlogs.filter { $0.pending > 0 }.map { ($0.sink, $0.pending) }, uniquingKeysWith: +),
                    daemons: current.daemons, sinks: sinks, paused: paused, deadLetters: letters))
            }
            let time = ISO8601DateFormatter()
            if !dead {
                // What a stuck sink needs to be acted on, without the journal (trial findings 5 and 6).
                for line in DeliveryListing.render(sinks, current: current, now: now) { print(line) }
                for hold in paused {
                    print("sink \(hold.sink) paused until \(time.string(from: hold.until)): its receiver asked it to wait (\(hold.reason)); "
                          + "'wirewatch deliver resume --sink \(hold.sink)' lifts the pause")
                }
            }
            if letters.isEmpty { if dead { print("no dead letters") }; return }
            for d in letters {
                print("\(d.alert)  \(d.sink)  \(d.rule)  attempts=\(d.attempts)  died=\(d.deadAt.map { time.string(from: $0) } ?? "-")  "
                      + "error=\(d.lastError ?? "-")  \"\(d.title)\"")
            }
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue dead-lettered deliveries again: one alert's (by id) or all of them; the daemon sends them within a second or two.")
        @OptionGroup var options: ConfigOption
        @Argument(help: "The alert id (see 'wirewatch deliver list --dead').") var id: String?
        @Flag(help: "Every dead letter.") var all = false
        @Option(help: "Only this sink's.") var sink: String?
        @Flag(help: "Print the result as JSON: {\"queued\": N}.") var json = false

        func validate() throws {
            if id != nil && all { throw ValidationError("give an alert id or --all, not both") }
            if id == nil && !all { throw ValidationError("give an alert id, or --all for every dead letter") }
        }

        func run() throws {
            let (store, config) = try openStoreAndConfig(options, readOnly: false)
            let configured = config.sinks.map(\.id)
            if let sink, !configured.contains(sink) { try Self.queueable(sink, configured: configured, store: store) }
            var n = 0
            do {
                for s in sink.map({ [$0] }) ?? configured { n += try store.requeueDead(alert: id, sink: s, now: Date()) }
            } catch {
                throw fail("cannot update the outbox: \(error)")
            }
            if n == 0, let id { throw fail("no dead delivery for alert \(id)\(sink.map { " to sink \($0)" } ?? "")") }
            if json {
                struct Queued: Encodable { var queued: Int }
                try printJSON(Queued(queued: n))
            } else {
                print("queued \(n) deliver\(n == 1 ? "y" : "ies") again")
            }
            // "Within a second or two" holds for a running daemon only (exploratory finding of stop 33).
            if n > 0, let path = config.store.filePath, StoreLock.holder(storePath: path) == nil {
                FileHandle.standardError.write(Data("wirewatch: note: no daemon runs on this store; they are sent when one starts\n".utf8))
            }
        }

        /// A sink not in this config. On a file store it has no worker: queued again, its deliveries would be
        /// dead-lettered again at the daemon's next start. On a shared store another daemon may have it
        /// (`dead-letter` is run from a config without the sink): queued for that daemon, and said.
        static func queueable(_ sink: String, configured: [String], store: any DaemonStore) throws {
            let listed = sinkNotInConfig(sink, configured: configured)
            guard store.leases != nil else { throw fail("\(listed); add it back first") }
            let known: Bool
            do { known = try store.deliveryStats().contains { $0.sink == sink } } catch {
                throw fail("cannot read the outbox: \(error)")
            }
            guard known else { throw fail("\(listed) and has no deliveries in the store") }
            FileHandle.standardError.write(Data("""
                wirewatch: note: \(listed): its deliveries go to a daemon whose config has it, and wait until one has \
                (or 'wirewatch deliver dead-letter --sink \(sink)' gives them up again)

                """.utf8))
        }
    }
}

extension DeliverCommand {
    /// On a shared store a daemon leaves the deliveries of a sink it lacks pending (another daemon may
    /// have that sink): once no daemon has it, this gives them up.
    struct GiveUp: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dead-letter",
            abstract: "Dead-letter the pending deliveries of a sink no daemon has any more.",
            discussion: """
                Only for a sink no config names: a daemon delivers its own sinks' deliveries. Once a daemon has the \
                sink again, 'wirewatch deliver retry --all --sink NAME' queues them again (on a shared PostgreSQL \
                store from any daemon's config; on a file store, from the config that names the sink).
                """)
        @OptionGroup var options: ConfigOption
        @Option(help: "The sink whose pending deliveries to give up.") var sink: String
        @Flag(help: "Print the result as JSON: {\"sink\", \"deadLettered\": N}.") var json = false

        func run() throws {
            let (store, config) = try openStoreAndConfig(options, readOnly: false)
            if config.sinks.contains(where: { $0.id == sink }) {
                throw fail("sink '\(sink)' is in the config: its worker delivers them; remove it from every daemon's config first")
            }
            let n: Int
            do {
                // A sink the outbox has never seen is a typo: "dead-lettered 0" said nothing of it (exploratory finding of stop 33).
                let known = Set(try store.deliveryStats().map(\.sink))
                if !known.contains(sink) {
                    throw fail("sink '\(sink)' has no deliveries in the store"
                               + (known.isEmpty ? "" : "; the outbox has deliveries of " + known.sorted().map { "'\($0)'" }.joined(separator: ", ")))
                }
                n = try store.deadLetterPending(sink: sink, now: Date())
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw fail("cannot update the outbox: \(error)")
            }
            if json {
                struct DeadLettered: Encodable { var sink: String; var deadLettered: Int }
                return try printJSON(DeadLettered(sink: sink, deadLettered: n))
            }
            print("dead-lettered \(n) deliver\(n == 1 ? "y" : "ies") to sink \(sink)")
        }
    }
}

/// The start of the one line `deliver` commands give for a sink the config does not name.
func sinkNotInConfig(_ sink: String, configured: [String]) -> String {
    "sink '\(sink)' is not in the config (sinks: \(configured.joined(separator: ", ")))"
}

/// The config, and the daemon's store it names.
func openStoreAndConfig(_ options: ConfigOption, readOnly: Bool) throws -> (store: any DaemonStore, config: DaemonConfig) {
    let c = try configToRead(options.config)
    return (try existingStore(c.store, readOnly: readOnly), c)
}
