import ShouhuTestSupport
import SQLKit
import Storage
import Testing

@Suite("Migrations")
struct MigratorTests {
    @Test("A new database gets every migration once, in order, and a second run does nothing", arguments: TestEngine.available)
    func migratesOnce(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let migrator = Migrator(database: database)
            let first = try await migrator.migrate()
            #expect(first == ["M001_CreateRoster", "M002_CreateAccounts", "M003_CreateAuditTrail", "M004_AddSignInProtection",
                             "M005_AddTwoFactorAndPasswordHistory", "M006_CreateCheckInsAndCases",
                             "M007_CreateAccessAndInvestigations", "M008_CreateTesting", "M009_AddTokenRevocation",
                             "M010_KeyAuditChain", "M011_TestingTablesCarrySchool", "M012_PresenceSeenInside", "M013_Outbox",
                             "M014_Webhooks", "M015_Quarantine", "M016_SickLeave", "M017_CaseHandling",
                             "M018_KeyStudents", "M019_PlacementTube", "M020_Separation", "M021_SignInAttempts"])
            #expect(try await migrator.migrate().isEmpty)
            #expect(try await migrator.applied() == first)
        }
    }

    @Test("A database migrated by a newer version is refused with the names it does not know, and nothing is run on it", arguments: TestEngine.available)
    func refusesNewer(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let migrator = Migrator(database: database)
            try await migrator.migrate()
            try await database.write { db in
                try await db.raw("INSERT INTO schema_migrations (name, applied_at) VALUES ('M999_FromTheFuture', '2027-01-01T00:00:00Z')").run()
                try await db.raw("DELETE FROM schema_migrations WHERE name = 'M021_SignInAttempts'").run()
            }
            await #expect(throws: MigrationError.newerDatabase(["M999_FromTheFuture"])) { try await migrator.migrate() }
            #expect(try await migrator.applied().contains("M021_SignInAttempts") == false, "nothing was run against the newer schema")
            #expect(MigrationError.newerDatabase(["M999_FromTheFuture"]).description.contains("M999_FromTheFuture"))
        }
    }

    /// The tables of the live schema, by name.
    static func tables(_ database: Database) async throws -> [String] {
        struct Row: Decodable { var name: String }
        return try await database.read { db in
            switch database.engine {
            case .sqlite:
                try await db.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
                    .all(decoding: Row.self).map(\.name)
            case .postgres:
                try await db.raw("""
                    SELECT table_name::text AS name FROM information_schema.tables
                    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name
                    """).all(decoding: Row.self).map(\.name)
            }
        }
    }

    /// The columns of `table` in the live schema.
    static func columns(_ database: Database, _ table: String) async throws -> Set<String> {
        struct Row: Decodable { var name: String }
        return try await database.read { db in
            switch database.engine {
            case .sqlite:
                Set(try await db.raw("SELECT name FROM pragma_table_info(\(bind: table))").all(decoding: Row.self).map(\.name))
            case .postgres:
                Set(try await db.raw("""
                    SELECT column_name::text AS name FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name = \(bind: table)
                    """).all(decoding: Row.self).map(\.name))
            }
        }
    }

    /// The tables of the live schema without a `school_id` column, apart from the migration ledger and `schools` itself.
    static func tablesWithoutSchool(_ database: Database) async throws -> [String] {
        var missing: [String] = []
        for table in try await tables(database) where !["schema_migrations", "schools"].contains(table) {
            if !(try await columns(database, table)).contains("school_id") { missing.append(table) }
        }
        return missing
    }

    @Test("Every table of the live schema carries school_id, except the migration ledger and schools itself", arguments: TestEngine.available)
    func everyTableCarriesSchool(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Migrator(database: database).migrate()
            let tables = try await Self.tables(database)
            // The listing itself works: it sees the ledger, the schools and the tables of every domain.
            for known in ["schema_migrations", "schools", "students", "checkins", "cases", "access_alerts", "testing_sites", "testing_slots", "testing_voided"] {
                #expect(tables.contains(known), "\(known) in \(tables)")
            }
            #expect(try await Self.tablesWithoutSchool(database) == [])
        }
    }

    @Test("The check finds a table without school_id", arguments: TestEngine.available)
    func checkFindsTableWithoutSchool(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Migrator(database: database).migrate()
            try await database.write { db in try await db.raw("CREATE TABLE stray_things (id TEXT PRIMARY KEY, school TEXT)").run() }
            #expect(try await Self.tablesWithoutSchool(database) == ["stray_things"])
        }
    }
}
