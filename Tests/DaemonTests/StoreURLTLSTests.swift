import Testing
@testable import Daemon

/// The store speaks to PostgreSQL without TLS: a URL that says so loads, one that asks for TLS in any
/// spelling libpq knows is refused at load rather than ignored.
@Suite struct StoreURLTLSTests {
    @Test(arguments: ["'postgres://ww@db.example/wirewatch?sslmode=disable'",
                      "'postgres:///wirewatch?host=/run/postgresql&sslmode=disable'",
                      "'postgres:///wirewatch?sslmode=disable&host=/run/postgresql'"])
    func sslmodeDisableSaysWhatTheStoreDoes(store: String) throws {
        let config = try StoreLocationTests().parse(store).get()
        guard case .postgres(let location) = config.store else { Issue.record("not PostgreSQL: \(store)"); return }
        #expect(location.url.contains("sslmode=disable"))
    }

    @Test(arguments: ["sslmode=require", "sslmode=prefer", "sslmode=verify-full", "sslmode=", "sslnegotiation=direct", "sslsni=1",
                      "sslrootcert=/etc/ssl/ca.pem", "sslcertmode=require", "ssl=true", "requiressl=1"])
    func anyTLSOptionIsRefused(option: String) {
        let name = String(option.prefix { $0 != "=" })
        guard case .failure(let d) = StoreLocationTests().parse("'postgres://ww:s3cret@db/ww?sslmode=disable&\(option)'") else {
            Issue.record("accepted: \(option)"); return
        }
        #expect(d.items.map(\.message) == ["'store': '\(name)': TLS to PostgreSQL is not supported yet; reach the server through a Unix socket (?host=/run/postgresql) or a local pgbouncer or stunnel that speaks TLS to it"])
        #expect(!d.description.contains("s3cret"))
    }

    @Test func anotherOptionIsStillNotSupported() {
        #expect(PostgresLocation.problem("postgres://ww@db/ww?sslmode=disable&connect_timeout=5")
            == "'connect_timeout' in the URL's query is not supported: the store reads only host= (a Unix socket directory)")
    }
}
