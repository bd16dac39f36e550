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
        // Domain targets: pure Swift rules and use cases over store protocols.
        .target(name: "Roster", dependencies: ["CampusKit"], swiftSettings: strict),
        .target(name: "Accounts", dependencies: ["CampusKit", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        // The audit trail: a hash chain of who read, exported or changed sensitive data.
        .target(name: "Audit", dependencies: ["CampusKit", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        // The daily health check-in: answers, the abnormal rule, the timetable, completeness.
        .target(name: "CheckIns", dependencies: ["CampusKit", "Roster"], swiftSettings: strict),
        // Abnormal cases and their timelines.
        .target(name: "Cases", dependencies: ["CampusKit", "Roster"], swiftSettings: strict),
        // Gates and doors: access points, events and the stays derived from them, gate decisions by policy, leave, presence, alerts.
        .target(name: "GateAccess", dependencies: ["CampusKit", "Roster"], swiftSettings: strict),
        // Contact investigation (流调): the contract's rules over stays and rooms, and saved investigations.
        .target(name: "ContactTracing", dependencies: ["CampusKit", "Roster", "GateAccess"], swiftSettings: strict),
        // Mass testing (全员核酸检测): campaigns, rotations, slots, pooled tubes, lab results, coverage.
        .target(name: "TestingCampaigns", dependencies: ["CampusKit", "Roster"], swiftSettings: strict),
        // The daily report and zero report of every college and building, and the school's report compiled from them.
        .target(name: "Reports", dependencies: ["CampusKit"], swiftSettings: strict),
        // In-app notifications (the outbox every channel is served from).
        .target(name: "Notifications", dependencies: ["CampusKit"], swiftSettings: strict),
        // The deterministic demo college: roster tables a newcomer can load with one command.
        .target(name: "DemoCollege", dependencies: ["CampusKit", "Roster"], swiftSettings: strict),
        // One implementation of every store, for SQLite and PostgreSQL.
        .target(
            name: "Storage",
            dependencies: [
                "CampusKit", "Roster", "Accounts", "Audit", "CheckIns", "Cases", "Notifications", "Reports", "GateAccess", "ContactTracing", "TestingCampaigns",
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
                "CampusKit", "Roster", "Accounts", "Audit", "Tabular", "CheckIns", "Cases", "Notifications", "Reports", "GateAccess", "ContactTracing", "TestingCampaigns",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
            ],
            resources: [.copy("Resources"), .copy("openapi.yaml")],
            swiftSettings: strict,
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // Composition root, configuration, cross-domain workflows, jobs and the demo college.
        .target(
            name: "App",
            dependencies: [
                "CampusKit", "Roster", "Accounts", "Audit", "Storage", "Web", "Tabular", "DemoCollege",
                "CheckIns", "Cases", "Notifications", "Reports", "GateAccess", "ContactTracing", "TestingCampaigns",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
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
        .target(name: "ShouhuTestSupport", dependencies: ["Storage", "App", .product(name: "SQLKit", package: "sql-kit")], path: "Tests/Support", swiftSettings: strict),
        .testTarget(name: "DomainTests", dependencies: ["CampusKit", "Roster", "Accounts", "Audit", "Tabular", "DemoCollege", "CheckIns", "Cases", "Notifications", "Reports", "GateAccess", "ContactTracing", "TestingCampaigns", .product(name: "ZIPFoundation", package: "ZIPFoundation")], swiftSettings: testSettings),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "Audit", "CheckIns", "Cases", "Notifications", "GateAccess", "ContactTracing", "TestingCampaigns", "ShouhuTestSupport"], swiftSettings: testSettings),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App", "ShouhuTestSupport", "Tabular", "Accounts", "CampusKit", "CheckIns", "Cases", "GateAccess", "ContactTracing", "TestingCampaigns", "DemoCollege",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: testSettings
        ),
    ]
)
