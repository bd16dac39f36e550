import SQLKit

/// Every table carries its school (data rules): the sites, slots and voided swabs of a campaign get the campaign's
/// `school_id`, filled in from `testing_campaigns` for the rows already stored.
struct M011_TestingTablesCarrySchool: Migration {
    let name = "M011_TestingTablesCarrySchool"

    func prepare(on db: any SQLDatabase, engine: Database.Engine) async throws {
        for table in ["testing_sites", "testing_slots", "testing_voided"] {
            // SQLite adds a NOT NULL column only with a default; PostgreSQL drops it once the rows are filled in.
            try await db.raw("ALTER TABLE \(ident: table) ADD COLUMN school_id TEXT NOT NULL DEFAULT ''").run()
            try await db.raw("""
                UPDATE \(ident: table) SET school_id = (SELECT c.school_id FROM testing_campaigns c WHERE c.id = \(ident: table).campaign_id)
                """).run()
            if engine == .postgres {
                try await db.raw("ALTER TABLE \(ident: table) ALTER COLUMN school_id DROP DEFAULT").run()
                try await db.raw("""
                    ALTER TABLE \(ident: table) ADD CONSTRAINT \(ident: table + "_school_fk") FOREIGN KEY (school_id) REFERENCES schools (id)
                    """).run()
            }
        }
    }
}
