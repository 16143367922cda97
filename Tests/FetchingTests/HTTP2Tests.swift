import Fetching
import Foundation
import Testing
import TestSupport

/// nginx from Debian serving HTTP/2 over TLS (ALPN), the way most feed hosts offer it.
final class NginxHTTP2Server {
    static let binary = "/usr/sbin/nginx"
    let process: ChildProcess
    let port: Int

    init() async throws {
        let (cert, key) = try await makeSelfSignedCertificate()
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
                    listen 127.0.0.1:\(port) ssl http2;
                    ssl_certificate \(cert); ssl_certificate_key \(key);
                    location / { default_type application/rss+xml; return 200 "<rss/>"; }
                }
            }
            """
        try conf.write(to: dir.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
        process = try ChildProcess(Self.binary, arguments: ["-p", dir.path, "-c", dir.appendingPathComponent("nginx.conf").path,
                                                            "-e", dir.appendingPathComponent("error.log").path])
    }

    var url: String { "https://127.0.0.1:\(port)/feed.xml" }
    deinit { process.signal(SIGKILL) }
}

@Suite struct HTTP2Tests {
    static let fetcher = Fetcher()

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: NginxHTTP2Server.binary),
                   "needs nginx (bench/fetch/run.sh installs it)"))
    func http2IsUsedWhereOffered() async throws {
        let server = try await NginxHTTP2Server()
        // nginx takes a moment to listen; until then the port refuses.
        var last: FetchResult?
        _ = await eventually(timeout: 10) {
            last = await Self.fetcher.fetch(FetchRequest(url: server.url, verifyTLS: false))
            return last?.error?.category != .connect
        }
        let r = try #require(last)
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
