import SQLKit

/// The notifications table becomes the outbox (CONTRACT.md, Notifications): a row per message, channel and
/// recipient — the in-app row delivered on insertion as before, e-mail and webhook rows pending until the dispatcher
/// delivers them — with its address, status, attempts, when it is next due, who holds it (a lease), the receiving
/// server's receipt and the last error. People's addresses and what they want sent where live beside it.
struct M013_Outbox: Migration {
    let name = "M013_Outbox"

    func prepare(on db: any SQLDatabase, engine: Database.Engine) async throws {
        for (column, type) in [("message_id", "TEXT"), ("address", "TEXT"), ("status", "TEXT NOT NULL DEFAULT 'delivered'"),
                               ("attempts", "BIGINT NOT NULL DEFAULT 0"), ("due_at", "TEXT"), ("leased_by", "TEXT"), ("leased_until", "TEXT"),
                               ("receipt", "TEXT"), ("last_error", "TEXT")] {
            try await db.raw("ALTER TABLE notifications ADD COLUMN \(unsafeRaw: column) \(unsafeRaw: type)").run()
        }
        try await db.raw("UPDATE notifications SET message_id = id").run()
        // At most one row per message, channel and recipient: a message is never queued twice for one channel.
        try await db.create(index: "notifications_once").unique().on("notifications")
            .column("school_id").column("message_id").column("channel").column("recipient").run()
        try await db.create(index: "notifications_due").on("notifications").column("school_id").column("channel").column("status").column("due_at").run()
        try await db.create(table: "notification_settings")
            .column("school_id", type: .text, .notNull, .references("schools", "id"))
            .column("username", type: .text, .notNull)
            .column("email", type: .text)
            // Kinds not to e-mail (comma-separated); urgent kinds are e-mailed whatever this says.
            .column("email_off", type: .text, .notNull)
            .column("quiet_from", type: .bigint)
            .column("quiet_to", type: .bigint)
            .column("updated_at", type: .text, .notNull)
            .primaryKey("school_id", "username")
            .run()
    }
}
