import Foundation
import NIOPosix
import PostgresStore
import TestSupport
import Testing
import WirewatchCore

/// The store waits for its queries; waiting on a NIO event-loop thread traps (NIO's precondition),
/// so the store refuses such a call with an error instead of taking the daemon down.
@Suite struct EventLoopTests {
    @Test func aCallOnAnEventLoopIsRefusedNotATrap() throws {
        let server = try PostgresServer.shared()
        let store = try PostgresStore(url: try server.makeDatabase("on_loop"), owner: "a", logger: quietLogger)
        let answer = try MultiThreadedEventLoopGroup.singleton.any().submit { () -> String in
            do { _ = try store.allFeedStates(); return "answered" } catch { return "\(error)" }
        }.wait()
        #expect(answer.contains("NIO event loop"))
        // Off the loop the same call answers.
        #expect(try store.allFeedStates().isEmpty)
    }
}
