import CampusKit
import Foundation
import Notifications
import SQLKit

/// The outbox on SQLite or PostgreSQL: each message's in-app row (delivered on insertion), its e-mail rows for the
/// recipients who want them (pending until the dispatcher delivers them), people's settings, and the dispatcher's
/// leases and outcomes.
public struct SQLNotificationStore: NotificationStore, OutboxStore {
    let database: Database
    /// The school's time zone: quiet hours are local.
    let timeZone: TimeZone
    /// Targets that are not kept in the database: the one `SHOUHU_WEBHOOK_URL` names.
    let fixedWebhooks: [WebhookTarget]

    public init(database: Database, timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai")!, fixedWebhooks: [WebhookTarget] = []) {
        self.database = database
        self.timeZone = timeZone
        self.fixedWebhooks = fixedWebhooks
    }

    static let columns = ["id", "message_id", "school_id", "recipient", "kind", "subject", "body", "link", "channel", "address", "status",
                          "created_at", "due_at", "delivered_at", "wording", "language", "format"]

    /// Inserts in the caller's transaction (an abnormal check-in's alert commits with the check-in): the in-app rows,
    /// delivered on insertion, the e-mail rows routed by the recipients' settings (`OutboxRouting.email`) and the
    /// webhook rows of the groups that hear of the event (`OutboxRouting.webhooks`; an event already posted to a group
    /// is not posted again).
    static func insert(_ notifications: [InboxMessage], school: SchoolID, timeZone: TimeZone, fixedWebhooks: [WebhookTarget] = [],
                       db: any SQLDatabase) async throws {
        guard !notifications.isEmpty else { return }
        var settings: [String: NotificationSettings] = [:]
        for chunk in Array(Set(notifications.map(\.recipient))).sorted().chunked(500) {
            for s in try await Self.settings(of: chunk, school: school, db: db) { settings[s.username] = s }
        }
        let email = OutboxRouting.email(notifications, settings: settings, timeZone: timeZone)
        let inapp = notifications.map {
            Delivery(id: $0.id, messageID: $0.id, channel: .inapp, recipient: $0.recipient, address: "", kind: $0.kind, subject: $0.subject,
                     body: $0.body, link: $0.link, createdAt: $0.createdAt, status: .delivered, wording: $0.wording)
        }
        try await insertRows(inapp + email, school: school, db: db)
        if notifications.contains(where: { $0.group != nil }) {
            let targets = fixedWebhooks + (try await webhooks(school: school, db: db))
            try await insertRows(OutboxRouting.webhooks(notifications, targets: targets), school: school, ignoringDuplicates: true, db: db)
        }
    }

    private static func insertRows(_ rows: [Delivery], school: SchoolID, ignoringDuplicates: Bool = false, db: any SQLDatabase) async throws {
        for chunk in rows.chunked(500) {
            let insert = db.insert(into: "notifications").columns(columns)
            for d in chunk {
                let at = Instant.format(d.createdAt)
                _ = insert.values(SQLBind(d.id), SQLBind(d.messageID), SQLBind(school.rawValue), SQLBind(d.recipient), SQLBind(d.kind.rawValue),
                                  SQLBind(d.subject), SQLBind(d.body), SQLBind(d.link), SQLBind(d.channel.rawValue),
                                  SQLBind(d.address.isEmpty ? nil : d.address), SQLBind(d.status.rawValue), SQLBind(at),
                                  SQLBind(Instant.format(d.dueAt)), SQLBind(d.status == .delivered ? at : nil), SQLBind(d.wording?.json),
                                  SQLBind(d.language), SQLBind(d.format?.rawValue))
            }
            if ignoringDuplicates { _ = insert.ignoringConflicts(with: ["school_id", "message_id", "channel", "recipient"]) }
            try await insert.run()
        }
    }

    public func send(_ notifications: [InboxMessage], school: SchoolID) async throws {
        let (timeZone, fixed) = (timeZone, fixedWebhooks)
        try await database.write { db in try await Self.insert(notifications, school: school, timeZone: timeZone, fixedWebhooks: fixed, db: db) }
    }

    public func inbox(school: SchoolID, recipient: String, unreadOnly: Bool, limit: Int) async throws -> [InboxMessage] {
        struct Row: Decodable {
            var id: String; var recipient: String; var kind: String; var subject: String; var body: String; var link: String?
            var created_at: String; var read_at: String?; var wording: String?
        }
        return try await database.read { db in
            let query = db.select().columns("id", "recipient", "kind", "subject", "body", "link", "created_at", "read_at", "wording").from("notifications")
                .where("school_id", .equal, school.rawValue).where("recipient", .equal, recipient).where("channel", .equal, Channel.inapp.rawValue)
            if unreadOnly { query.where("read_at", .is, SQLLiteral.null) }
            return try await query.orderBy("created_at", .descending).orderBy("id").limit(limit).all(decoding: Row.self).map {
                InboxMessage(id: $0.id, recipient: $0.recipient, kind: InboxMessage.Kind(rawValue: $0.kind) ?? .caseAlert, subject: $0.subject,
                             body: $0.body, link: $0.link, createdAt: Instant.parse($0.created_at) ?? .distantPast,
                             readAt: $0.read_at.flatMap(Instant.parse), wording: Wording(json: $0.wording))
            }
        }
    }

    public func unreadCount(school: SchoolID, recipient: String) async throws -> Int {
        try await database.read { db in
            try await db.select().column(SQLRaw("COUNT(*)"), as: "n").from("notifications")
                .where("school_id", .equal, school.rawValue).where("recipient", .equal, recipient).where("channel", .equal, Channel.inapp.rawValue)
                .where("read_at", .is, SQLLiteral.null)
                .first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    public func markRead(school: SchoolID, recipient: String, id: String, at: Date) async throws -> Bool {
        try await database.write { db in
            try await db.raw("""
                UPDATE notifications SET read_at = COALESCE(read_at, \(bind: Instant.format(at)))
                WHERE school_id = \(bind: school.rawValue) AND recipient = \(bind: recipient) AND id = \(bind: id) AND channel = 'inapp' RETURNING id
                """).all().isEmpty == false
        }
    }
}
