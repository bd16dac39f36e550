import Foundation
import SQLKit

/// Brings the schema up to date: runs, in order and each in its own transaction, the migrations not yet recorded
/// in `schema_migrations`. On PostgreSQL an advisory lock makes concurrent servers migrate once.
public struct Migrator: Sendable {
    private let database: Database

    public init(database: Database) { self.database = database }

    /// Runs pending migrations; returns the names it ran.
    @discardableResult
    public func migrate() async throws -> [String] {
        let engine = database.engine
        try await database.write { db in
            try await db.create(table: "schema_migrations").ifNotExists()
                .column("name", type: .text, .primaryKey(autoIncrement: false))
                .column("applied_at", type: .text, .notNull)
                .run()
        }
        let known = Set(Migrations.all.map(\.name))
        let newer = try await applied().filter { !known.contains($0) }
        guard newer.isEmpty else { throw MigrationError.newerDatabase(newer) }
        var ran: [String] = []
        for migration in Migrations.all {
            let applied = try await database.write { db -> Bool in
                if engine == .postgres {
                    try await db.raw("SELECT pg_advisory_xact_lock(4242001)").run()
                }
                let done = try await db.select().column("name").from("schema_migrations")
                    .where("name", .equal, migration.name).first() != nil
                if done { return false }
                try await migration.prepare(on: db, engine: engine)
                try await db.insert(into: "schema_migrations").columns("name", "applied_at")
                    .values(SQLBind(migration.name), SQLBind(Instant.format(Date()))).run()
                return true
            }
            if applied { ran.append(migration.name) }
        }
        return ran
    }

    /// Names of the migrations already applied, in order.
    public func applied() async throws -> [String] {
        try await database.read { db in
            try await db.select().column("name").from("schema_migrations").orderBy("name").all()
                .map { try $0.decode(column: "name", as: String.self) }
        }
    }
}

/// Why the schema cannot be brought up to date.
public enum MigrationError: Error, CustomStringConvertible, Equatable {
    /// The database was migrated by a newer version of Shouhu: this one does not know its schema and must not write
    /// to it. Upgrade the binary (or restore a backup taken before the upgrade).
    case newerDatabase([String])

    public var description: String {
        switch self {
        case .newerDatabase(let names): "migrated by a newer version: \(names.joined(separator: ", "))"
        }
    }
}
