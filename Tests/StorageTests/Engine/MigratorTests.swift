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
                             "M010_KeyAuditChain"])
            #expect(try await migrator.migrate().isEmpty)
            #expect(try await migrator.applied() == first)
        }
    }

    @Test("Every table the migrations create carries school_id, except the migration ledger and schools itself", arguments: TestEngine.available)
    func everyTableCarriesSchool(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Migrator(database: database).migrate()
            let tables = ["campuses", "buildings", "rooms", "colleges", "classes", "staff", "students", "accounts", "sessions", "integration_tokens", "audit_events", "password_history", "audit_heads"]
            for table in tables {
                // Selecting the column fails when it does not exist, on both engines.
                _ = try await database.read { db in try await db.select().column("school_id").from(table).limit(1).all() }
            }
        }
    }
}
