// What every benchmark of this package shares: where a benchmark's database lives, `psql` for setup and teardown,
// and the error a benchmark fails with when what it measured was wrong.
import Foundation

/// Where a benchmark's database lives.
public enum BenchEngine: Sendable {
    case sqlite
    case postgres(adminURL: String)

    public var name: String {
        switch self {
        case .sqlite: "SQLite"
        case .postgres: "PostgreSQL"
        }
    }
}

/// Runs one statement with `psql` against the PostgreSQL admin URL (setup and teardown only, never measured).
public enum PSQL {
    public static func run(_ url: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("psql \(sql): \(String(decoding: message, as: UTF8.self))")
        }
    }
}

/// Why a benchmark failed: what it measured was not what it claims to measure.
public struct BenchError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Fails the benchmark with `message` unless `condition` holds.
public func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw BenchError(message()) }
}
