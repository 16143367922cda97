import Foundation

/// A private PostgreSQL server for one test process, started on first use: `initdb` into a temporary
/// directory, listening on a Unix socket in it only (no TCP port to collide with tests run side by
/// side), fsync off. It lives exactly as long as the test process: it is started under a shell that
/// reads its stdin, a pipe this process holds open, and stops the server when the pipe closes, which
/// it does however the test process ends. Each test makes its own database (`makeDatabase`).
///
/// Two more, for the store's TLS, listen on loopback TCP as well (a free port): `sharedTLS()` with
/// `ssl=on`, and `sharedWithoutTLS()` with `ssl=off`.
public final class PostgresServer: Sendable {
    public let socketDirectory: String
    /// The TCP port on 127.0.0.1 (and the socket's number); 5432 for the socket-only server.
    public let port: Int
    /// The TLS server's certificates; nil for the others.
    public let tls: TLSFiles?
    let binaries: String
    /// The superuser role initdb made; the socket trusts local connections.
    public let user = "postgres"
    private let keepAlive: FileHandle

    /// The server, started once per process; a missing PostgreSQL fails the test with how to get it.
    public static func shared() throws -> PostgresServer { try started.get() }

    /// A server on 127.0.0.1 and 127.0.0.2 (a second address, not in the server's certificate) with
    /// `ssl=on`. Over TCP (`pg_hba.conf`): `TLSFiles.clientUser` must show a certificate of the CA;
    /// `TLSFiles.plainUser` is let in only without TLS; every other role only with TLS.
    public static func sharedTLS() throws -> PostgresServer { try startedTLS.get() }

    /// A server as `sharedTLS()`, whose certificate (from its own CA, `TLSFiles.authority`) has expired.
    public static func sharedExpiredTLS() throws -> PostgresServer { try startedExpiredTLS.get() }

    /// A server as `sharedTLS()`, whose certificate is signed by an intermediate CA (itself signed by
    /// `TLSFiles.authority`) and sent alone: its `ssl_cert_file` lacks the intermediate's certificate.
    public static func sharedWithoutIntermediateTLS() throws -> PostgresServer { try startedWithoutIntermediateTLS.get() }

    /// A server on 127.0.0.1 with `ssl=off`, where every role is let in over TCP without TLS.
    public static func sharedWithoutTLS() throws -> PostgresServer { try startedWithoutTLS.get() }

    private static let started = start(.socketOnly)
    private static let startedTLS = start(.tls)
    private static let startedWithoutTLS = start(.tcpWithoutTLS)
    private static let startedExpiredTLS = start(.expiredTLS)
    private static let startedWithoutIntermediateTLS = start(.withoutIntermediateTLS)

    private static func start(_ kind: Kind) -> Result<PostgresServer, Failed> {
        do { return .success(try PostgresServer(kind)) } catch let failed as Failed { return .failure(failed) } catch {
            return .failure(Failed(what: "starting PostgreSQL", output: "\(error)"))
        }
    }

    private enum Kind {
        case socketOnly, tls, tcpWithoutTLS, expiredTLS, withoutIntermediateTLS
        var hasTLS: Bool { self == .tls || self == .expiredTLS || self == .withoutIntermediateTLS }
    }

    /// The TLS server's certificate files (PEM), made at its start by a throwaway CA.
    public struct TLSFiles: Sendable {
        /// The CA that signed the server's certificate (for 127.0.0.1 and localhost) and the client's.
        public var authority: String
        /// A CA that signed neither.
        public var otherAuthority: String
        /// A client certificate for `clientUser`, signed by `authority`, and its key.
        public var clientCertificate: String
        public var clientKey: String
        /// The server's certificate.
        public var serverCertificate: String
        /// The intermediate CA between `authority` and the server's certificate, which the server does not send
        /// (`sharedWithoutIntermediateTLS()`); nil for the others.
        public var intermediate: String?
        /// The role that must show a client certificate (`clientcert=verify-full`: its name is the certificate's).
        public static let clientUser = "tls_client"
        /// The role the server lets in only without TLS.
        public static let plainUser = "plain_only"
    }

    /// A new, empty database; returns its URL (`postgres://postgres@localhost/NAME?host=SOCKET_DIRECTORY`).
    public func makeDatabase(_ label: String = "test") throws -> String {
        let name = "\(label.lowercased().filter { $0.isLetter || $0.isNumber })_\(UUID().uuidString.prefix(8).lowercased())"
        try Self.run(binaries + "/createdb", ["-h", socketDirectory, "-p", String(port), "-U", user, name])
        return url(database: name)
    }

    /// The URL of `database` on this server, through its Unix socket.
    public func url(database: String) -> String {
        "postgres://\(user)@localhost\(port == 5432 ? "" : ":\(port)")/\(database)?host=\(socketDirectory)"
    }

    /// The URL of `database` over TCP to `host` (127.0.0.1, 127.0.0.2 or localhost), with `query` (`sslmode=require`).
    public func tcpURL(database: String, host: String = "127.0.0.1", user: String? = nil, query: String = "") -> String {
        "postgres://\(user ?? self.user)@\(host):\(port)/\(database)" + (query.isEmpty ? "" : "?\(query)")
    }

    /// Runs SQL through `psql` on `database` as the superuser (what a test does behind the store's back).
    @discardableResult
    public func psql(_ sql: String, database: String) throws -> String {
        try Self.run(binaries + "/psql", ["-h", socketDirectory, "-p", String(port), "-U", user, "-d", database, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql])
    }

    private init(_ kind: Kind) throws {
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
        var settings = ["-c", "listen_addresses=", "-c", "ssl=off"]
        switch kind {
        case .socketOnly:
            tls = nil
        case .tls, .expiredTLS, .withoutIntermediateTLS:
            let files = root.appendingPathComponent("tls").path
            try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
            let authority = try TestCertificateAuthority("ca", in: files)
            let signer = kind == .withoutIntermediateTLS ? try authority.intermediate("intermediate-ca") : authority
            let server = try signer.issue("server", commonName: "localhost", alternativeNames: ["IP:127.0.0.1", "DNS:localhost"],
                                          expired: kind == .expiredTLS)
            let client = try authority.issue("client", commonName: TLSFiles.clientUser)
            let other = try TestCertificateAuthority("other-ca", in: files)
            tls = TLSFiles(authority: authority.certificate, otherAuthority: other.certificate,
                           clientCertificate: client.certificate, clientKey: client.key, serverCertificate: server.certificate,
                           intermediate: signer.certificate == authority.certificate ? nil : signer.certificate)
            settings = ["-c", "listen_addresses=127.0.0.1,127.0.0.2", "-c", "ssl=on", "-c", "ssl_cert_file=\(server.certificate)",
                        "-c", "ssl_key_file=\(server.key)", "-c", "ssl_ca_file=\(authority.certificate)"]
        case .tcpWithoutTLS:
            tls = nil
            settings = ["-c", "listen_addresses=127.0.0.1", "-c", "ssl=off"]
        }
        // PostgreSQL refuses to run as root: then the server runs as the `postgres` user, owning its directory
        // (its key file too, which it refuses unless only its owner can read it).
        func asServer(_ executable: String, _ arguments: [String]) -> (String, [String]) {
            getuid() == 0 ? ("/usr/sbin/runuser", ["-u", "postgres", "--", executable] + arguments) : (executable, arguments)
        }
        if getuid() == 0 { try Self.run("/bin/chown", ["-R", "postgres:", root.path]) }
        let initdb = asServer(binaries + "/initdb", ["-D", data, "-U", user, "-A", "trust", "--no-sync", "-E", "UTF8", "--no-locale"])
        try Self.run(initdb.0, initdb.1)
        if kind.hasTLS {
            let c = TLSFiles.self
            try """
                local all all trust
                hostssl all \(c.clientUser) 127.0.0.0/8 trust clientcert=verify-full
                hostssl all \(c.plainUser) 127.0.0.0/8 reject
                hostnossl all \(c.plainUser) 127.0.0.0/8 trust
                hostssl all all 127.0.0.0/8 trust
                """.write(toFile: data + "/pg_hba.conf", atomically: false, encoding: .utf8)
        } else if kind == .tcpWithoutTLS {
            try "local all all trust\nhost all all 127.0.0.0/8 trust\n".write(toFile: data + "/pg_hba.conf", atomically: false, encoding: .utf8)
        }
        // A free port (bound and released) for TCP; another server may take it first, so a failed start takes another.
        var attempt = 0
        var started: (pipe: FileHandle, port: Int)?
        while started == nil {
            attempt += 1
            let port = kind == .socketOnly ? 5432 : try RefusingPort().port
            do {
                started = (try Self.launch(binaries: binaries, data: data, socketDirectory: socketDirectory, port: port,
                                           settings: settings, log: root.appendingPathComponent("server.log").path, asServer: asServer), port)
            } catch let failed as Failed where kind != .socketOnly && attempt < 5 && failed.output.contains("could not bind") {
                continue
            }
        }
        keepAlive = started!.pipe
        port = started!.port
        if kind.hasTLS {
            for role in [TLSFiles.clientUser, TLSFiles.plainUser] {
                try Self.run(binaries + "/psql", ["-h", socketDirectory, "-p", String(port), "-U", user, "-d", "postgres", "-X", "-q",
                                                  "-v", "ON_ERROR_STOP=1", "-c", "CREATE ROLE \(role) LOGIN SUPERUSER"])
            }
        }
    }

    /// Starts the server and waits until it accepts connections; returns the pipe that keeps it alive.
    private static func launch(binaries: String, data: String, socketDirectory: String, port: Int, settings: [String], log: String,
                               asServer: (String, [String]) -> (String, [String])) throws -> FileHandle {
        let shell = asServer("/bin/sh", ["-c", """
            dir="$1"; sock="$2"; port="$3"; log="$4"; shift 4
            "$0" -D "$dir" -k "$sock" -p "$port" -c fsync=off -c full_page_writes=off -c synchronous_commit=off \\
                -c max_connections=200 "$@" >"$log" 2>&1 &
            read _; kill -INT $!
            """, binaries + "/postgres", data, socketDirectory, String(port), log] + settings)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: shell.0)
        server.arguments = shell.1
        server.currentDirectoryURL = URL(fileURLWithPath: "/")  // the server's user may not enter ours
        let stdin = Pipe()
        server.standardInput = stdin
        try server.run()
        // Ready once it accepts a connection (the socket appears before it does).
        let deadline = Date().addingTimeInterval(60)
        while (try? run(binaries + "/pg_isready", ["-q", "-h", socketDirectory, "-p", String(port), "-U", "postgres"])) == nil {
            guard Date() < deadline, server.isRunning else {
                try? stdin.fileHandleForWriting.close()
                let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                throw Failed(what: "postgres did not start", output: output)
            }
            usleep(50_000)
        }
        return stdin.fileHandleForWriting
    }

    deinit { try? keepAlive.close() }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
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
