// swift-tools-version:6.1
// Shouhu (守护): epidemic prevention and student care for a whole campus.
// The arrows between targets are the architecture: shouhu → App → Web, Storage → domain targets → CampusKit.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

// Tests keep Swift 6 mode and `any` spelled out, without listing every module whose members they touch.
let testSettings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")

/// The domain targets: pure Swift rules and use cases over store protocols. Each depends on CampusKit and the domains
/// it names (the compiler enforces the arrows); Storage, Web, App and the tests see all of them. Adding a domain is one
/// line here (docs/ARCHITECTURE.md lists the other places).
let domains: [(name: String, uses: [String], packages: [Target.Dependency])] = [
    ("Roster", [], []),                                    // students, staff, units, scopes, imports
    ("Accounts", [], [crypto]),                            // accounts, sessions, tokens, passwords, two-factor
    ("Audit", [], [crypto]),                               // the audit trail: a keyed hash chain
    ("Notifications", [], []),                             // in-app notifications (the outbox every channel is served from)
    ("CheckIns", ["Roster"], []),                          // the daily health check-in, the timetable, completeness
    ("Cases", ["Roster", "Notifications"], []),            // abnormal cases, their timelines, who hears of them
    ("GateAccess", ["Roster", "Notifications"], []),       // gates and doors, stays, gate decisions, leave, presence, alerts
    ("ContactTracing", ["Roster", "GateAccess"], []),      // contact investigation (流调) over stays and rooms
    ("TestingCampaigns", ["Roster", "Notifications"], []), // mass testing: campaigns, pooled tubes, lab reports, coverage
    ("Reports", [], []),                                   // the daily report and zero report of every unit
    ("Quarantine", ["Roster", "CheckIns"], []),            // quarantine sites, placements, protocols, health records, release
    ("Separation", [], []),                                // space-time separation: visits to shared facilities, verified and planned
    ("Ledgers", ["Roster", "GateAccess"], []),             // ledgers (台账): key students with their history, who was on campus on a day
]
let domainDependencies: [Target.Dependency] = domains.map { .byName(name: $0.name) }

let package = Package(
    name: "shouhu",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "shouhu", targets: ["shouhu"]),
        .library(name: "App", targets: ["App"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
    ],
    targets: [
        // Shared kernel: IDs, campus days, unit keys, actors and scopes, domain errors, the clock.
        .target(name: "CampusKit", swiftSettings: strict),
        // Reading and writing the tables offices exchange: CSV (with BOM) and XLSX.
        .target(
            name: "Tabular",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strict
        ),
        // Domain targets: one line each in `domains` above.
    ] + domains.map { domain in
        .target(name: domain.name, dependencies: ["CampusKit"] + domain.uses.map { .byName(name: $0) } + domain.packages, swiftSettings: strict)
    } + [
        // The deterministic demo college: roster tables a newcomer can load with one command.
        .target(name: "DemoCollege", dependencies: ["CampusKit", "Roster"], swiftSettings: strict),
        // One implementation of every store, for SQLite and PostgreSQL.
        .target(
            name: "Storage",
            dependencies: [
                "CampusKit",
            ] + domainDependencies + [
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // HTTP: the API, the pages, middleware. HTTP types never leave this target.
        .target(
            name: "Web",
            dependencies: [
                "CampusKit", "Tabular",
            ] + domainDependencies + [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
            ],
            // The resources are embedded in the binary by the EmbedWebResources plugin (read through `WebResources`);
            // openapi.yaml stays a resource only so that the OpenAPI generator finds it.
            exclude: ["Resources"],
            resources: [.copy("openapi.yaml")],
            swiftSettings: strict,
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator"), "EmbedWebResources"]
        ),
        // Writes the web resources into generated Swift, so a copied binary serves its pages (issue 19).
        .executableTarget(name: "EmbedTool", swiftSettings: strict),
        .plugin(name: "EmbedWebResources", capability: .buildTool(), dependencies: ["EmbedTool"]),
        // Composition root, configuration, cross-domain workflows, jobs, the outbox's couriers with their SMTP client
        // (`App/Mail`, on SwiftNIO) and webhook POSTs (AsyncHTTPClient), and the demo college.
        .target(
            name: "App",
            dependencies: [
                "CampusKit", "Storage", "Web", "Tabular", "DemoCollege",
            ] + domainDependencies + [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "shouhu",
            dependencies: [
                "App", "Storage", "CampusKit", "Accounts", "Audit", "DemoCollege", "Tabular",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        // Builds databases for tests on both engines (SQLite always, PostgreSQL when SHOUHU_TEST_POSTGRES_URL is set).
        .target(name: "ShouhuTestSupport", dependencies: ["Storage", "App", .product(name: "SQLKit", package: "sql-kit")], path: "Tests/Support",
                exclude: ["Resources"], swiftSettings: strict),
        // In-memory writers for domain tests and the store contract suites (no database).
        .target(name: "ShouhuFakes", dependencies: ["CampusKit"] + domainDependencies, path: "Tests/Fakes", swiftSettings: strict),
        .testTarget(name: "DomainTests", dependencies: ["CampusKit", "Tabular", "DemoCollege", "ShouhuFakes", .product(name: "ZIPFoundation", package: "ZIPFoundation")] + domainDependencies,
                    swiftSettings: testSettings),
        // The SMTP client (App/Mail) against a real SMTP server (aiosmtpd started by `SMTPSink` in Tests/Support).
        .testTarget(
            name: "MailTests",
            dependencies: [
                "App", "ShouhuTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: testSettings
        ),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "App", "ShouhuTestSupport", "ShouhuFakes"] + domainDependencies, swiftSettings: testSettings),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App", "ShouhuTestSupport", "Tabular", "CampusKit", "DemoCollege",
            ] + domainDependencies + [
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ],
            swiftSettings: testSettings
        ),
    ]
)
