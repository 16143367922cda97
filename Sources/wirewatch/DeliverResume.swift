import ArgumentParser
import Daemon
import Foundation
import Store

extension DeliverCommand {
    /// Lifts a pause a receiver asked for (`SinkHold`) before its end: the operator knows better (the receiver's
    /// limit was raised, its maintenance is over). Every daemon on the store follows within a second or two.
    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lift a sink's pause (its receiver asked it to wait): its deliveries go again at once.",
            discussion: """
                The sink's deliveries waiting for a retry (the one its receiver answered with the 429 among them) \
                are due at once; a running daemon, or every daemon on a shared PostgreSQL store, sends them within \
                a second or two. A sink that is not paused is said so, and nothing changes. If the receiver still \
                means it, its next answer pauses the sink again.
                """)
        @OptionGroup var options: ConfigOption
        @Option(help: "The paused sink (see 'wirewatch deliver list').") var sink: String
        @Flag(help: "Print the result as JSON: {\"sink\", \"resumed\", and when resumed \"until\", \"reason\", \"due\"}.") var json = false

        func run() throws {
            let (store, config) = try openStoreAndConfig(options, readOnly: false)
            let configured = config.sinks.map(\.id)
            let lifted: LiftedSinkHold?
            do {
                // A sink not in this config: on a shared store another daemon's config may have it, paused.
                if !configured.contains(sink), try store.leases == nil || store.sinkHold(sink: sink, now: Date()) == nil {
                    throw fail(sinkNotInConfig(sink, configured: configured) + (store.leases == nil ? "" : " and is not paused"))
                }
                lifted = try store.liftHold(sink: sink, now: Date())
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw fail("cannot update the outbox: \(error)")
            }
            if json {
                struct Resumed: Encodable { var sink: String; var resumed: Bool; var until: Date?; var reason: String?; var due: Int? }
                try printJSON(Resumed(sink: sink, resumed: lifted != nil, until: lifted?.hold.until, reason: lifted?.hold.reason, due: lifted?.due))
                return
            }
            guard let lifted else { return print("sink \(sink) is not paused") }
            let n = lifted.due
            print("sink \(sink) resumed: its pause until \(ISO8601DateFormatter().string(from: lifted.hold.until)) (\(lifted.hold.reason)) is lifted; "
                  + "\(n) deliver\(n == 1 ? "y" : "ies") waiting for a retry \(n == 1 ? "is" : "are") due now")
        }
    }
}
