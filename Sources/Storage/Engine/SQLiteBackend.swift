import Foundation
import Logging
import NIOConcurrencyHelpers
import SQLiteKit
import SQLKit

/// SQLite in WAL mode with `synchronous=FULL`: one writer connection behind a group-commit queue,
/// and a few reader connections (none for `:memory:`, which cannot be shared, so reads queue with writes).
final class SQLiteBackend: Sendable {
    private let writer: SQLiteConnection
    private let queue: GroupCommitQueue
    private let readers: [SQLiteConnection]
    private let nextReader = NIOLockedValueBox(0)
    /// Reads running on the reader connections.
    private let reading = NIOLockedValueBox(0)

    private init(writer: SQLiteConnection, readers: [SQLiteConnection], logger: Logger) {
        self.writer = writer
        self.readers = readers
        self.queue = GroupCommitQueue(database: writer.sql(), logger: logger)
    }

    static func open(path: String?, logger: Logger) async throws -> SQLiteBackend {
        let storage: SQLiteConnection.Storage = path.map { .file(path: $0) } ?? .memory
        let writer = try await SQLiteConnection.open(storage: storage, logger: logger)
        var readers: [SQLiteConnection] = []
        do {
            try await configure(writer, walMode: path != nil, writer: true)
            if path != nil {
                for _ in 0..<2 {
                    let reader = try await SQLiteConnection.open(storage: storage, logger: logger)
                    readers.append(reader)
                    try await configure(reader, walMode: false, writer: false)
                }
            }
        } catch {
            for c in [writer] + readers { try? await c.close() }
            throw error
        }
        return SQLiteBackend(writer: writer, readers: readers, logger: logger)
    }

    /// PRAGMAs are per connection, so every connection gets them (design/PITFALLS.md).
    private static func configure(_ connection: SQLiteConnection, walMode: Bool, writer: Bool) async throws {
        let db = connection.sql()
        if walMode { try await db.raw("PRAGMA journal_mode=WAL").run() }
        try await db.raw("PRAGMA synchronous=FULL").run()
        try await db.raw("PRAGMA busy_timeout=5000").run()
        try await db.raw("PRAGMA foreign_keys=ON").run()
        if writer {
            // Savepoint and statement journals in memory, not in temporary files: a group commit of several
            // transactions writes one per transaction. (Readers keep big sorts on disk.)
            try await db.raw("PRAGMA temp_store=MEMORY").run()
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard !readers.isEmpty else { return try await queue.submit(body) }
        let index = nextReader.withLockedValue { i in
            defer { i = (i + 1) % readers.count }
            return i
        }
        reading.withLockedValue { $0 += 1 }
        defer { reading.withLockedValue { $0 -= 1 } }
        return try await body(readers[index].sql())
    }

    /// The writer (busy while a batch runs; the transactions queued behind it wait) and the readers in use.
    var usage: PoolUsage {
        let writer = queue.depth
        return PoolUsage(inUse: (writer.writing ? 1 : 0) + reading.withLockedValue { $0 }, waiting: writer.waiting, capacity: 1 + readers.count)
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await queue.submit(body)
    }

    func close() async {
        await queue.drainAndStop()
        for c in readers + [writer] { try? await c.close() }
    }
}
