import ServiceLifecycle

/// Keeps the admin endpoint open until shutdown. Bound before the group
/// starts, so a port already in use stops the daemon before READY=1.
struct AdminService: Service {
    let endpoint: AdminEndpoint

    func run() async throws {
        try? await gracefulShutdown()
        await endpoint.close()
    }
}
