import SQLKit

/// Messages in each reader's language and group robots (CONTRACT.md, Notifications): a message keeps the catalog
/// template and values it was worded from (`wording`, JSON) and each delivery the language it is read in; a webhook
/// row its body shape. People choose their e-mails' language; the administrator names the groups that hear of a
/// unit's events.
struct M014_Webhooks: Migration {
    let name = "M014_Webhooks"

    func prepare(on db: any SQLDatabase, engine: Database.Engine) async throws {
        for (column, type) in [("wording", "TEXT"), ("language", "TEXT NOT NULL DEFAULT 'zh-CN'"), ("format", "TEXT")] {
            try await db.raw("ALTER TABLE notifications ADD COLUMN \(unsafeRaw: column) \(unsafeRaw: type)").run()
        }
        try await db.raw("ALTER TABLE notification_settings ADD COLUMN language TEXT NOT NULL DEFAULT 'zh-CN'").run()
        try await db.create(table: "webhooks")
            .column("school_id", type: .text, .notNull, .references("schools", "id"))
            .column("id", type: .text, .notNull)
            .column("name", type: .text, .notNull)
            .column("url", type: .text, .notNull)
            .column("format", type: .text, .notNull)
            // A building or college key; NULL for the whole school.
            .column("unit", type: .text)
            // The kinds it hears (comma-separated).
            .column("kinds", type: .text, .notNull)
            .column("language", type: .text, .notNull)
            .column("created_at", type: .text, .notNull)
            .primaryKey("school_id", "id")
            .run()
    }
}
