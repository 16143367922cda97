import Fetching
import Foundation
import Testing
import TestSupport

/// nginx from Debian with a self-signed certificate, serving what `server`
/// (the inside of one `server { }` block, listening on `port`) says.
final class NginxTLSServer {
    static let binary = "/usr/sbin/nginx"
    static var available: Bool { FileManager.default.isExecutableFile(atPath: binary) }
    let process: ChildProcess
    let port: Int
    let certificate: String

    init(_ server: (_ port: Int) -> String) async throws {
        let (cert, key) = try await makeSelfSignedCertificate()
        certificate = cert
        let dir = try makeTemporaryDirectory("wirewatch-nginx")
        // A port that was free a moment ago: nginx cannot bind port 0 and report it.
        let probe = try await LoopbackHTTPServer { _ in .init() }
        port = probe.port
        await probe.shutdown()
        let conf = """
            daemon off; master_process off; worker_processes 1;
            pid \(dir.path)/nginx.pid; error_log \(dir.path)/error.log;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path \(dir.path)/body; proxy_temp_path \(dir.path)/proxy;
                fastcgi_temp_path \(dir.path)/fastcgi; uwsgi_temp_path \(dir.path)/uwsgi; scgi_temp_path \(dir.path)/scgi;
                server {
                    ssl_certificate \(cert); ssl_certificate_key \(key);
                    \(server(port))
                }
            }
            """
        try conf.write(to: dir.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
        process = try ChildProcess(Self.binary, arguments: ["-p", dir.path, "-c", dir.appendingPathComponent("nginx.conf").path,
                                                            "-e", dir.appendingPathComponent("error.log").path])
    }

    /// Fetches until nginx listens (until then the port refuses), and returns the first other result.
    func fetch(_ request: FetchRequest, with fetcher: Fetcher) async -> FetchResult? {
        var last: FetchResult?
        // nginx is a child process: at load 18 it can take seconds to listen.
        _ = await eventually(timeout: 60) {
            last = await fetcher.fetch(request)
            return last?.error?.category != .connect
        }
        return last
    }

    deinit { process.signal(SIGKILL) }
}

@Suite struct HTTP2Tests {
    static let fetcher = Fetcher()

    @Test(.enabled(if: NginxTLSServer.available, "needs nginx (bench/fetch/run.sh installs it)"))
    func http2IsUsedWhereOffered() async throws {
        let server = try await NginxTLSServer { port in
            """
            listen 127.0.0.1:\(port) ssl http2;
            location / { default_type application/rss+xml; return 200 "<rss/>"; }
            """
        }
        let r = try #require(await server.fetch(FetchRequest(url: "https://127.0.0.1:\(server.port)/feed.xml", verifyTLS: false),
                                                with: Self.fetcher))
        #expect(r.error == nil, "\(String(describing: r.error)) \(server.process.stderr)")
        #expect(r.httpVersion == "2")
        #expect(r.body == Data("<rss/>".utf8))
    }

    @Test func plainHTTPStaysOnHTTP1() async throws {
        let server = try await LoopbackHTTPServer { _ in .init(text: "<rss/>") }
        defer { Task { await server.shutdown() } }
        let r = await Self.fetcher.fetch(FetchRequest(url: "\(server.baseURL)/feed"))
        #expect(r.httpVersion == "1.1")
    }
}
