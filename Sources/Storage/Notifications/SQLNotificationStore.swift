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

    public init(database: Database, timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai")!) {
        self.database = database
        self.timeZone = timeZone
    }

    static let columns = ["id", "message_id", "school_id", "recipient", "kind", "subject", "body", "link", "channel", "address", "status",
                          "created_at", "due_at", "delivered_at"]

    /// Inserts in the caller's transaction (an abnormal check-in's alert commits with the check-in): the in-app rows,
    /// delivered on insertion, and the e-mail rows routed by the recipients' settings (`OutboxRouting.email`).
    static func insert(_ notifications: [InboxMessage], school: SchoolID, timeZone: TimeZone, db: any SQLDatabase) async throws {
        guard !notifications.isEmpty else { return }
        var settings: [String: NotificationSettings] = [:]
        for chunk in Array(Set(notifications.map(\.recipient))).sorted().chunked(500) {
            for s in try await Self.settings(of: chunk, school: school, db: db) { settings[s.username] = s }
        }
        let email = OutboxRouting.email(notifications, settings: settings, timeZone: timeZone)
        let inapp = notifications.map {
            Delivery(id: $0.id, messageID: $0.id, channel: .inapp, recipient: $0.recipient, address: "", kind: $0.kind, subject: $0.subject,
                     body: $0.body, link: $0.link, createdAt: $0.createdAt, status: .delivered)
        }
        for chunk in (inapp + email).chunked(500) {
            let insert = db.insert(into: "notifications").columns(columns)
            for d in chunk {
                let at = Instant.format(d.createdAt)
                _ = insert.values(SQLBind(d.id), SQLBind(d.messageID), SQLBind(school.rawValue), SQLBind(d.recipient), SQLBind(d.kind.rawValue),
                                  SQLBind(d.subject), SQLBind(d.body), SQLBind(d.link), SQLBind(d.channel.rawValue),
                                  SQLBind(d.address.isEmpty ? nil : d.address), SQLBind(d.status.rawValue), SQLBind(at),
                                  SQLBind(Instant.format(d.dueAt)), SQLBind(d.status == .delivered ? at : nil))
            }
            try await insert.run()
        }
    }

    public func send(_ notifications: [InboxMessage], school: SchoolID) async throws {
        let timeZone = timeZone
        try await database.write { db in try await Self.insert(notifications, school: school, timeZone: timeZone, db: db) }
    }

    public func inbox(school: SchoolID, recipient: String, unreadOnly: Bool, limit: Int) async throws -> [InboxMessage] {
        struct Row: Decodable {
            var id: String; var recipient: String; var kind: String; var subject: String; var body: String; var link: String?
            var created_at: String; var read_at: String?
        }
        return try await database.read { db in
            let query = db.select().columns("id", "recipient", "kind", "subject", "body", "link", "created_at", "read_at").from("notifications")
                .where("school_id", .equal, school.rawValue).where("recipient", .equal, recipient).where("channel", .equal, Channel.inapp.rawValue)
            if unreadOnly { query.where("read_at", .is, SQLLiteral.null) }
            return try await query.orderBy("created_at", .descending).orderBy("id").limit(limit).all(decoding: Row.self).map {
                InboxMessage(id: $0.id, recipient: $0.recipient, kind: InboxMessage.Kind(rawValue: $0.kind) ?? .caseAlert, subject: $0.subject,
                             body: $0.body, link: $0.link, createdAt: Instant.parse($0.created_at) ?? .distantPast,
                             readAt: $0.read_at.flatMap(Instant.parse))
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
