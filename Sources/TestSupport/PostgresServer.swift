import Foundation

/// A private PostgreSQL server for one test process, started on first use: `initdb` into a temporary
/// directory, listening on a Unix socket in it only (no TCP port to collide with tests run side by
/// side), fsync off. It lives exactly as long as the test process: it is started under a shell that
/// reads its stdin, a pipe this process holds open, and stops the server when the pipe closes, which
/// it does however the test process ends. Each test makes its own database (`makeDatabase`).
public final class PostgresServer: Sendable {
    public let socketDirectory: String
    let binaries: String
    /// The superuser role initdb made; the socket trusts local connections.
    public let user = "postgres"
    private let keepAlive: FileHandle

    /// The server, started once per process; a missing PostgreSQL fails the test with how to get it.
    public static func shared() throws -> PostgresServer { try started.get() }

    private static let started: Result<PostgresServer, Failed> = {
        do { return .success(try PostgresServer()) } catch let failed as Failed { return .failure(failed) } catch {
            return .failure(Failed(what: "starting PostgreSQL", output: "\(error)"))
        }
    }()

    /// A new, empty database; returns its URL (`postgres://postgres@localhost/NAME?host=SOCKET_DIRECTORY`).
    public func makeDatabase(_ label: String = "test") throws -> String {
        let name = "\(label.lowercased().filter { $0.isLetter || $0.isNumber })_\(UUID().uuidString.prefix(8).lowercased())"
        try Self.run(binaries + "/createdb", ["-h", socketDirectory, "-U", user, name])
        return url(database: name)
    }

    /// The URL of `database` on this server.
    public func url(database: String) -> String {
        "postgres://\(user)@localhost/\(database)?host=\(socketDirectory)"
    }

    /// Runs SQL through `psql` on `database` as the superuser (what a test does behind the store's back).
    @discardableResult
    public func psql(_ sql: String, database: String) throws -> String {
        try Self.run(binaries + "/psql", ["-h", socketDirectory, "-U", user, "-d", database, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql])
    }

    private init() throws {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = versions.compactMap(Int.init).sorted().last,
              FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\(version)/bin/initdb") else {
            throw Failed(what: "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb), and the PostgreSQL store's tests need it: "
                            + "run scripts/install-deps.sh, which installs it", output: "")
        }
        binaries = "/usr/lib/postgresql/\(version)/bin"
        let root = try makeTemporaryDirectory("wirewatch-pg")
        let data = root.appendingPathComponent("data").path
        socketDirectory = root.appendingPathComponent("sock").path
        try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
        // PostgreSQL refuses to run as root: then the server runs as the `postgres` user, owning its directory.
        func asServer(_ executable: String, _ arguments: [String]) -> (String, [String]) {
            getuid() == 0 ? ("/usr/sbin/runuser", ["-u", "postgres", "--", executable] + arguments) : (executable, arguments)
        }
        if getuid() == 0 { try Self.run("/bin/chown", ["-R", "postgres:", root.path]) }
        let initdb = asServer(binaries + "/initdb", ["-D", data, "-U", user, "-A", "trust", "--no-sync", "-E", "UTF8", "--no-locale"])
        try Self.run(initdb.0, initdb.1)
        let shell = asServer("/bin/sh", ["-c", """
            "$0" -D "$1" -k "$2" -c listen_addresses='' -c fsync=off -c full_page_writes=off -c synchronous_commit=off \\
                -c max_connections=200 >"$1/../server.log" 2>&1 &
            read _; kill -INT $!
            """, binaries + "/postgres", data, socketDirectory])
        let server = Process()
        server.executableURL = URL(fileURLWithPath: shell.0)
        server.arguments = shell.1
        server.currentDirectoryURL = URL(fileURLWithPath: "/")  // the server's user may not enter ours
        let stdin = Pipe()
        server.standardInput = stdin
        try server.run()
        keepAlive = stdin.fileHandleForWriting
        // Ready once it accepts a connection (the socket appears before it does).
        let deadline = Date().addingTimeInterval(60)
        while (try? Self.run(binaries + "/pg_isready", ["-q", "-h", socketDirectory, "-U", user])) == nil {
            guard Date() < deadline, server.isRunning else {
                let log = (try? String(contentsOfFile: root.appendingPathComponent("server.log").path, encoding: .utf8)) ?? ""
                throw Failed(what: "postgres did not start", output: log)
            }
            usleep(50_000)
        }
    }

    deinit { try? keepAlive.close() }

    @discardableResult
    private static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(what: "\(executable) \(arguments.joined(separator: " "))", output: output)
        }
        return output
    }

    public struct Failed: Error, Sendable, CustomStringConvertible {
        public var what: String
        public var output: String
        public var description: String {
            output.isEmpty ? what : "\(what) failed: \(output.trimmingCharacters(in: .whitespacesAndNewlines))"
        }
    }
}
