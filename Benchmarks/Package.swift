// swift-tools-version:6.1
// Shouhu's performance benchmarks (ordo-one/benchmark), kept out of the root package so `swift test` never builds them.
// Run from this folder:  swift package --disable-sandbox benchmark
// Figures and the commands that produced them: ../docs/PERFORMANCE.md
import PackageDescription

let package = Package(
    name: "ShouhuBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "shouhu", path: ".."),
        // Without the trait SwiftPM tries to clone swift-runtime-interposer, which is not to be had here (design/PITFALLS.md).
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // What every benchmark shares: BenchEngine, psql for setup, BenchError and expect.
        .target(name: "BenchShared", path: "Shared"),
        .executableTarget(
            name: "RosterImport",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "App", package: "shouhu"),
                "BenchShared",
            ],
            path: "RosterImport",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Pure domain: imports TestingCampaigns, CampusKit and DemoCollege, modules `App` is built from (not products).
        .executableTarget(
            name: "TestingPlan",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "App", package: "shouhu"),
                "BenchShared",
            ],
            path: "TestingPlan",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The outbox's e-mail dispatch to a local SMTP sink (aiosmtpd), through SQLite.
        .executableTarget(
            name: "OutboxDispatch",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "App", package: "shouhu"),
                "BenchShared",
            ],
            path: "OutboxDispatch",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The leadership dashboard's read on the demo college (SQLite, and PostgreSQL with SHOUHU_BENCH_POSTGRES_URL).
        .executableTarget(
            name: "Overview",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "App", package: "shouhu"),
                "BenchShared",
            ],
            path: "Overview",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Issue 15: placing 500 contacts of one investigation, and the quarantine ledger's export through the app's router.
        // Not named `Quarantine`: target names are unique across the package graph, and the root has that domain target.
        .executableTarget(
            name: "QuarantineBench",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "App", package: "shouhu"),
                "BenchShared",
            ],
            path: "Quarantine",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Issue 16: the separation planner on seeded campuses of 10 and 40 buildings (pure domain code).
        .executableTarget(
            name: "SeparationBench",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "App", package: "shouhu"),
                "BenchShared",
            ],
            path: "Separation",
            exclude: ["exact_cpsat.py", "cpsat_layers.py", "separation_rules.py", "instances"],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Issue 16: the instances as JSON, the planner's plans, and the exact solver's answers checked and compared.
        .executableTarget(
            name: "SeparationCompare",
            dependencies: [.product(name: "App", package: "shouhu"), "BenchShared"],
            path: "SeparationCompare"
        ),
    ]
)
