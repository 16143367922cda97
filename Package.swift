// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "wirewatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "wirewatch", targets: ["wirewatch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // Delivery: HMAC-SHA256 webhook signatures, and Mustache templates for custom webhook bodies.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"4.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The scheduler's queue of feeds by due time (HeapModule); already in the build through swift-nio.
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        // The PostgreSQL store (DESIGN.md, "Storage"): several daemons share one server. postgres-nio is
        // the maintained pure-Swift client (no libpq), on the swift-nio the build already has.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Value types shared by every stage, and the Clock protocol.
        .target(name: "WirewatchCore"),

        // C glue: only Fetching imports CCurl, only Markup imports CLibXML2.
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        // glibc's malloc.h: the daemon's heap policy (mallopt) and giving freed memory back (malloc_trim).
        .systemLibrary(name: "CMalloc"),
        // glibc's fallocate(2): the alert log reserves a line's bytes before writing it.
        .systemLibrary(name: "CFallocate"),

        // Operator YAML read with positions, so every error names file:line:column.
        .target(name: "YAMLFiles", dependencies: ["WirewatchCore", .product(name: "Yams", package: "Yams")]),

        .target(name: "Fetching", dependencies: ["WirewatchCore", "CCurl"]),
        // libxml2 glue: XML as a SAX event stream, HTML as plain text. The only importer of CLibXML2.
        .target(name: "Markup", dependencies: ["CLibXML2"]),
        .target(name: "FeedParsing", dependencies: ["WirewatchCore", "Markup"]),
        // Crypto: SHA-256 (on the CPU's SHA instructions) for RawContentHash, run over every seen entry on every poll.
        .target(name: "Analysis", dependencies: ["WirewatchCore", "Markup", "YAMLFiles", .product(name: "Yams", package: "Yams"),
                                                 .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Rules", dependencies: ["WirewatchCore", "Analysis", "Markup", "YAMLFiles"]),
        .target(name: "Store", dependencies: ["WirewatchCore", .product(name: "GRDB", package: "GRDB.swift")]),
        // The shared store for several daemons on one PostgreSQL server; the same protocols as SQLiteStore.
        .target(name: "PostgresStore", dependencies: [
            "Store", "WirewatchCore", .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "Delivery", dependencies: [
            // Analysis and Rules for what the throttle reads: story fingerprints and rule throttles.
            "WirewatchCore", "Store", "Fetching", "Analysis", "Rules", "CFallocate", .product(name: "Logging", package: "swift-log"),
            // Markup for libxml2's strict reading: a template's sample body must be well-formed XML.
            "Markup",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        .target(name: "Daemon", dependencies: [
            "WirewatchCore", "Fetching", "FeedParsing", "Analysis", "Rules", "Store", "Delivery", "YAMLFiles", "Markup", "CMalloc",
            // `store: postgres://…`: several daemons on one database (PostgresStore depends on Store, not on Daemon).
            "PostgresStore",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            // The admin endpoint: a tiny HTTP/1.1 server, and metrics in Prometheus text format.
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "CoreMetrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "HeapModule", package: "swift-collections"),
        ]),
        .executableTarget(name: "wirewatch", dependencies: [
            // PostgresStore for `store copy` (StoreCopy); Logging to keep postgres-nio quiet there.
            "Daemon", "Delivery", "FeedParsing", "Rules", "Analysis", "Store", "PostgresStore", "Fetching",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // The rules matcher benchmark (bench/rules/run.sh builds it in release).
        .executableTarget(name: "RulesBench", dependencies: ["Rules", "Analysis", "FeedParsing", "WirewatchCore", "CMalloc"],
                          path: "bench/rules/RulesBench"),
        // The analysis benchmark's runner (bench/analysis/run.sh builds it in release); not part of the product.
        .executableTarget(name: "AnalysisBench", dependencies: ["Analysis"], path: "bench/analysis/Bench"),
        // One poll cycle through the fetcher, driven by bench/fetch/run.sh; not part of the product.
        .executableTarget(name: "FetchBench", dependencies: ["Fetching"], path: "bench/fetch/FetchBench"),
        // Pruning's write-lock hold against an unbatched prune (bench/retention/run.sh); not part of the product.
        .executableTarget(name: "RetentionBench", dependencies: ["Store", "WirewatchCore"], path: "bench/retention/RetentionBench"),
        // A worker's batch read from a sink's queue, and a queue drained, before and after v8-delivery-queue
        // (bench/outbox/run.sh); not part of the product. GRDB for the query before v8, kept only there.
        .executableTarget(name: "OutboxBench", dependencies: ["Store", "Delivery", "WirewatchCore", .product(name: "GRDB", package: "GRDB.swift"),
                                                              .product(name: "Logging", package: "swift-log")],
                          path: "bench/outbox/OutboxBench"),
        // The parser benchmark's in-process timer (bench/parse/run.sh); not a test.
        .executableTarget(name: "parser-bench", dependencies: ["FeedParsing"], path: "bench/parse/ParserBench"),
        // `store copy` of 100,000 articles and deliveries into PostgreSQL (bench/storecopy/run.sh); not part of the product.
        .executableTarget(name: "StoreCopyBench", dependencies: ["Store", "PostgresStore", "WirewatchCore",
                                                                 .product(name: "Logging", package: "swift-log")],
                          path: "bench/storecopy/StoreCopyBench"),
        // The pure part of an unchanged poll, parse and EntryRevisions, cleaned against raw-hashed (bench/poll/run.sh).
        .executableTarget(name: "PollBench", dependencies: ["Daemon", "FeedParsing", "Analysis", "Store", "WirewatchCore"],
                          path: "bench/poll/PollBench"),

        // Real HTTP servers on 127.0.0.1 for the tests (port 0, reported back).
        .target(name: "TestSupport", dependencies: [
            "WirewatchCore",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),

        .testTarget(name: "FetchingTests", dependencies: ["Fetching", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "MarkupTests", dependencies: ["Markup"]),
        .testTarget(name: "FeedParsingTests", dependencies: ["FeedParsing"], exclude: ["Fixtures"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "RulesTests", dependencies: ["Rules", "Analysis"]),
        .testTarget(name: "YAMLFilesTests", dependencies: ["YAMLFiles", "WirewatchCore", "TestSupport", .product(name: "Yams", package: "Yams")]),
        // GRDB to build a store as an older version left it, and to count rows the store does not expose.
        .testTarget(name: "StoreTests", dependencies: ["Store", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        // One contract suite over both stores (SQLite and a private PostgreSQL server), and leases and claims.
        // NIOPosix to call the store from an event loop, which it must refuse.
        // GRDB and PostgresNIO for StoreCopySchemaTests: write every SQLite column, read every PostgreSQL one back.
        .testTarget(name: "PostgresStoreTests", dependencies: ["PostgresStore", "Store", "WirewatchCore", "TestSupport",
                                                               .product(name: "Logging", package: "swift-log"),
                                                               .product(name: "NIOPosix", package: "swift-nio"),
                                                               .product(name: "NIOCore", package: "swift-nio"),
                                                               .product(name: "GRDB", package: "GRDB.swift"),
                                                               .product(name: "PostgresNIO", package: "postgres-nio")]),
        // GRDB to count the transactions a worker's batch costs the store.
        .testTarget(name: "DeliveryTests", dependencies: ["Delivery", "Store", "Daemon", "Fetching", "Rules", "Analysis", "TestSupport",
                                                          .product(name: "GRDB", package: "GRDB.swift")],
                    exclude: ["Fixtures"]),
        // PostgresStore for the TLS options the config check reads (PostgresURLOptions).
        .testTarget(name: "DaemonTests", dependencies: ["Daemon", "PostgresStore", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "ParseCommandTests", dependencies: ["TestSupport"]),
        // Faults as an operator meets them: SIGKILL, a sink down, a full disk, hostile feeds, broken config.
        // GRDB only to run SQLite's integrity_check on the store the daemon left behind.
        .testTarget(name: "ReliabilityTests", dependencies: [
            "WirewatchCore", "Store", "TestSupport", "Fetching", .product(name: "GRDB", package: "GRDB.swift"),
        ], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer targets for the query parser and the config loader (fuzz/, see docs/reliability.md; the
// feed parser's is fuzz/FeedParserFuzz.swift, built by fuzz/run.sh): only in a build with WIREWATCH_FUZZ=1, which
// `make fuzz-…` runs with `-sanitize=fuzzer` in its own build directory; `make test` never sees them.
if Context.environment["WIREWATCH_FUZZ"] == "1" {
    package.targets += [
        .target(name: "FuzzDriver", path: "fuzz/FuzzDriver"),
        .executableTarget(name: "fuzz-query-parser", dependencies: ["FuzzDriver", "Rules", "Analysis", "WirewatchCore"],
                          path: "fuzz/query-parser", exclude: ["corpus", "query-parser.dict"]),
        .executableTarget(name: "fuzz-config-loader", dependencies: ["FuzzDriver", "Daemon", "Rules", "Analysis", "WirewatchCore"],
                          path: "fuzz/config-loader", exclude: ["corpus", "config-loader.dict"]),
    ]
}
