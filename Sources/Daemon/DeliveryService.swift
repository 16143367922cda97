import Delivery
import Foundation
import Logging
import ServiceLifecycle

/// Runs one delivery worker per sink until shutdown.
struct DeliveryService: Service {
    let workers: [DeliveryWorker]

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for w in workers { group.addTask { await w.run() } }
            }
        }
    }
}
