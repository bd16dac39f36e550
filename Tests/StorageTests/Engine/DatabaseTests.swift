import Foundation
import ShouhuTestSupport
import SQLKit
@testable import Storage
import Testing

@Suite("Database: transactions and group commit")
struct DatabaseTests {
    static func makeTable(_ database: Database) async throws {
        try await database.write { db in
            try await db.create(table: "notes").column("id", type: .bigint, .primaryKey(autoIncrement: false))
                .column("body", type: .text, .notNull).run()
        }
    }

    static func count(_ database: Database) async throws -> Int {
        try await database.read { db in
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("notes")
                .first(decodingColumn: "n", as: Int.self) ?? 0
        }
    }

    struct Boom: Error {}

    @Test("A write that throws leaves nothing behind, and the writes around it still commit", arguments: TestEngine.available)
    func failedWriteRollsBackAlone(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Self.makeTable(database)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        do {
                            try await database.write { db in
                                try await db.insert(into: "notes").columns("id", "body").values(SQLBind(i), SQLBind("n\(i)")).run()
                                if i % 10 == 3 { throw Boom() }
                            }
                        } catch is Boom {}
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await Self.count(database) == 36)
            let failed = try await database.read { db in
                try await db.select().column("id").from("notes").where("id", .in, [3, 13, 23, 33]).all()
            }
            #expect(failed.isEmpty)
        }
    }

    @Test("A constraint violation inside one write is that write's error, not its batch's", arguments: TestEngine.available)
    func constraintViolationIsolated(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Self.makeTable(database)
            try await database.write { db in
                try await db.insert(into: "notes").columns("id", "body").values(SQLBind(1), SQLBind("first")).run()
            }
            let duplicate = Task {
                try await database.write { db in
                    try await db.insert(into: "notes").columns("id", "body").values(SQLBind(1), SQLBind("again")).run()
                }
            }
            let other = Task {
                try await database.write { db in
                    try await db.insert(into: "notes").columns("id", "body").values(SQLBind(2), SQLBind("second")).run()
                }
            }
            await #expect(throws: (any Error).self) { try await duplicate.value }
            try await other.value
            #expect(try await Self.count(database) == 2)
        }
    }

    @Test("What a write committed on a SQLite file is there after the database is closed and opened again")
    func sqliteWriteSurvivesReopen() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("reopen-\(UUID().uuidString).sqlite").path
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        try await TestDatabase.run(.sqliteFile(path: path)) { database in
            try await Self.makeTable(database)
            try await database.write { db in
                try await db.insert(into: "notes").columns("id", "body").values(SQLBind(7), SQLBind("kept")).run()
            }
        }
        let count = try await TestDatabase.run(.sqliteFile(path: path)) { try await Self.count($0) }
        #expect(count == 1)
    }

    @Test("SQLite connections run in WAL mode with synchronous=FULL")
    func sqlitePragmas() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let mode = try await database.read { db in try await db.raw("PRAGMA journal_mode").first(decodingColumn: "journal_mode", as: String.self) }
            let sync = try await database.read { db in try await db.raw("PRAGMA synchronous").first(decodingColumn: "synchronous", as: Int.self) }
            let writerSync = try await database.write { db in try await db.raw("PRAGMA synchronous").first(decodingColumn: "synchronous", as: Int.self) }
            #expect(mode?.lowercased() == "wal")
            #expect(sync == 2)
            #expect(writerSync == 2)
        }
    }

    @Test("The database answers readiness while open", arguments: TestEngine.available)
    func ready(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            #expect(await database.isReady())
        }
    }

    @Test("A closed database is not ready and refuses writes")
    func closedIsNotReady() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("closed-\(UUID().uuidString).sqlite").path
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let database = try await Database.open(.sqliteFile(path: path))
        #expect(await database.isReady())
        await database.close()
        #expect(await database.isReady() == false)
        await #expect(throws: (any Error).self) { try await Self.makeTable(database) }
    }

    @Test("Database URLs are read as the contract writes them, and nonsense is refused with a reason")
    func urls() throws {
        #expect(try DatabaseURL("sqlite:shouhu.sqlite") == .sqliteFile(path: "shouhu.sqlite"))
        #expect(try DatabaseURL("sqlite::memory:") == .sqliteMemory)
        #expect(try DatabaseURL("postgres://u:p%40ss@db.local:5433/shouhu")
                == .postgres(host: "db.local", port: 5433, username: "u", password: "p@ss", database: "shouhu", requireTLS: false))
        #expect(throws: DatabaseError.self) { try DatabaseURL("mysql://x") }
        #expect(throws: DatabaseError.self) { try DatabaseURL("postgres://host-only") }
    }

    @Test("Instants are stored as fixed-width UTC text that sorts like time")
    func instants() {
        let a = Date(timeIntervalSince1970: 1_700_000_000.5)
        let b = a.addingTimeInterval(0.25)
        #expect(Instant.format(a) == "2023-11-14T22:13:20.500Z")
        #expect(Instant.format(a) < Instant.format(b))
        #expect(Instant.parse(Instant.format(b)) == b)
    }
}
