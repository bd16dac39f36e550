import CampusKit
import Foundation
import Notifications
import SQLKit

/// In-app notifications on SQLite or PostgreSQL.
public struct SQLNotificationStore: NotificationStore {
    let database: Database

    public init(database: Database) { self.database = database }

    static let columns = ["id", "school_id", "recipient", "kind", "subject", "body", "link", "channel", "created_at", "delivered_at"]

    /// Inserts in the caller's transaction (an abnormal check-in's alert commits with the check-in).
    /// The in-app channel is delivered on insertion.
    static func insert(_ notifications: [InboxMessage], school: SchoolID, db: any SQLDatabase) async throws {
        for start in stride(from: 0, to: notifications.count, by: 500) {
            let insert = db.insert(into: "notifications").columns(columns)
            for n in notifications[start..<min(start + 500, notifications.count)] {
                let at = Instant.format(n.createdAt)
                _ = insert.values(SQLBind(n.id), SQLBind(school.rawValue), SQLBind(n.recipient), SQLBind(n.kind.rawValue), SQLBind(n.subject),
                                  SQLBind(n.body), SQLBind(n.link), SQLBind("inapp"), SQLBind(at), SQLBind(at))
            }
            try await insert.run()
        }
    }

    public func send(_ notifications: [InboxMessage], school: SchoolID) async throws {
        try await database.write { db in try await Self.insert(notifications, school: school, db: db) }
    }

    public func inbox(school: SchoolID, recipient: String, unreadOnly: Bool, limit: Int) async throws -> [InboxMessage] {
        struct Row: Decodable {
            var id: String; var recipient: String; var kind: String; var subject: String; var body: String; var link: String?
            var created_at: String; var read_at: String?
        }
        return try await database.read { db in
            let query = db.select().columns("id", "recipient", "kind", "subject", "body", "link", "created_at", "read_at").from("notifications")
                .where("school_id", .equal, school.rawValue).where("recipient", .equal, recipient)
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
                .where("school_id", .equal, school.rawValue).where("recipient", .equal, recipient).where("read_at", .is, SQLLiteral.null)
                .first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    public func markRead(school: SchoolID, recipient: String, id: String, at: Date) async throws -> Bool {
        try await database.write { db in
            try await db.raw("""
                UPDATE notifications SET read_at = COALESCE(read_at, \(bind: Instant.format(at)))
                WHERE school_id = \(bind: school.rawValue) AND recipient = \(bind: recipient) AND id = \(bind: id) RETURNING id
                """).all().isEmpty == false
        }
    }
}
