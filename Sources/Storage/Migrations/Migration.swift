import SQLKit

/// One named, ordered step of the schema. Once a migration has landed it is never edited; a change is a new one.
protocol Migration: Sendable {
    /// The name stored in `schema_migrations`, e.g. `M001_CreateRoster`.
    var name: String { get }
    func prepare(on db: any SQLDatabase, engine: Database.Engine) async throws
}

/// Every migration, in the order it runs.
enum Migrations {
    static let all: [any Migration] = [
        M001_CreateRoster(),
        M002_CreateAccounts(),
        M003_CreateAuditTrail(),
        M004_AddSignInProtection(),
        M005_AddTwoFactorAndPasswordHistory(),
        M006_CreateCheckInsAndCases(),
        M007_CreateAccessAndInvestigations(),
        M008_CreateTesting(),
        M009_AddTokenRevocation(),
        M010_KeyAuditChain(),
        M011_TestingTablesCarrySchool(),
        M012_PresenceSeenInside(),
        M013_Outbox(),
        M014_Webhooks(),
        M015_Quarantine(),
        M016_SickLeave(),
        M017_CaseHandling(),
        M018_KeyStudents(),
        M019_PlacementTube(),
        M020_Separation(),
        M021_SignInAttempts(),
    ]
}
