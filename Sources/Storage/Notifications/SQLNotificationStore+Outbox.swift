import CampusKit
import Foundation
import Notifications
import SQLKit

extension SQLNotificationStore {
    /// The settings of `usernames` that exist.
    static func settings(of usernames: ArraySlice<String>, school: SchoolID, db: any SQLDatabase) async throws -> [NotificationSettings] {
        struct Row: Decodable { var username: String; var email: String?; var email_off: String; var quiet_from: Int?; var quiet_to: Int? }
        return try await db.select().columns("username", "email", "email_off", "quiet_from", "quiet_to").from("notification_settings")
            .where("school_id", .equal, school.rawValue).where("username", .in, SQLBind.group(Array(usernames)))
            .all(decoding: Row.self).map {
                NotificationSettings(username: $0.username, email: $0.email,
                                     emailOff: Set($0.email_off.split(separator: ",").compactMap { InboxMessage.Kind(rawValue: String($0)) }),
                                     quietFrom: $0.quiet_from, quietTo: $0.quiet_to)
            }
    }

    public func settings(school: SchoolID, username: String) async throws -> NotificationSettings? {
        try await database.read { db in try await Self.settings(of: [username], school: school, db: db).first }
    }

    /// Stores a person's settings, replacing the ones they had.
    public func save(_ settings: NotificationSettings, school: SchoolID, at now: Date) async throws {
        try await database.write { db in
            try await db.insert(into: "notification_settings")
                .columns("school_id", "username", "email", "email_off", "quiet_from", "quiet_to", "updated_at")
                .values(SQLBind(school.rawValue), SQLBind(settings.username), SQLBind(settings.email),
                        SQLBind(settings.emailOff.map(\.rawValue).sorted().joined(separator: ",")), SQLBind(settings.quietFrom),
                        SQLBind(settings.quietTo), SQLBind(Instant.format(now)))
                .onConflict(with: ["school_id", "username"]) {
                    $0.set(excludedValueOf: "email").set(excludedValueOf: "email_off").set(excludedValueOf: "quiet_from")
                        .set(excludedValueOf: "quiet_to").set(excludedValueOf: "updated_at")
                }
                .run()
        }
    }

    static let deliveryColumns = "id, message_id, channel, recipient, address, kind, subject, body, link, created_at, due_at, status, attempts, receipt, last_error"

    static func delivery(_ row: any SQLRow) throws -> Delivery? {
        guard let channel = Channel(rawValue: try row.decode(column: "channel", as: String.self)),
              let kind = InboxMessage.Kind(rawValue: try row.decode(column: "kind", as: String.self)),
              let status = Delivery.Status(rawValue: try row.decode(column: "status", as: String.self)) else { return nil }
        return Delivery(id: try row.decode(column: "id", as: String.self), messageID: try row.decode(column: "message_id", as: String.self),
                        channel: channel, recipient: try row.decode(column: "recipient", as: String.self),
                        address: try row.decode(column: "address", as: String?.self) ?? "", kind: kind,
                        subject: try row.decode(column: "subject", as: String.self), body: try row.decode(column: "body", as: String.self),
                        link: try row.decode(column: "link", as: String?.self),
                        createdAt: Instant.parse(try row.decode(column: "created_at", as: String.self)) ?? .distantPast,
                        dueAt: (try row.decode(column: "due_at", as: String?.self)).flatMap(Instant.parse), status: status,
                        attempts: try row.decode(column: "attempts", as: Int.self), receipt: try row.decode(column: "receipt", as: String?.self),
                        lastError: try row.decode(column: "last_error", as: String?.self))
    }

    /// Leases the oldest due rows in one statement: a row is free when nobody holds it or its lease has ended. On
    /// PostgreSQL rows another server is leasing at this moment are skipped, not waited for.
    public func lease(school: SchoolID, channel: Channel, limit: Int, worker: String, until: Date, now: Date) async throws -> [Delivery] {
        let (at, end) = (Instant.format(now), Instant.format(until))
        let skip = database.engine == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await database.write { db in
            try await db.raw("""
                UPDATE notifications SET leased_by = \(bind: worker), leased_until = \(bind: end)
                WHERE id IN (SELECT id FROM notifications
                             WHERE school_id = \(bind: school.rawValue) AND channel = \(bind: channel.rawValue) AND status = 'pending'
                               AND due_at <= \(bind: at) AND (leased_until IS NULL OR leased_until <= \(bind: at))
                             ORDER BY due_at, id LIMIT \(bind: limit)\(unsafeRaw: skip))
                RETURNING \(unsafeRaw: Self.deliveryColumns)
                """).all().compactMap(Self.delivery).sorted { ($0.dueAt, $0.id) < ($1.dueAt, $1.id) }
        }
    }

    /// Records one attempt's outcome, only while `worker` still holds the row's lease.
    public func record(_ id: String, school: SchoolID, worker: String, outcome: DeliveryOutcome, nextAttempt: Date?, at now: Date) async throws -> Bool {
        let at = Instant.format(now)
        let (status, receipt, error, due): (Delivery.Status, String?, String?, String?) = switch outcome {
        case .delivered(let receipt): (.delivered, receipt, nil, nil)
        case .permanent(let why): (.dead, nil, why, nil)
        case .transient(let why): nextAttempt.map { (.pending, nil, why, Instant.format($0)) } ?? (.dead, nil, why, nil)
        }
        return try await database.write { db in
            try await !db.raw("""
                UPDATE notifications SET status = \(bind: status.rawValue), attempts = attempts + 1, leased_by = NULL, leased_until = NULL,
                  receipt = COALESCE(\(bind: receipt), receipt), last_error = \(bind: error), due_at = COALESCE(\(bind: due), due_at),
                  delivered_at = \(bind: status == .delivered ? at : nil)
                WHERE school_id = \(bind: school.rawValue) AND id = \(bind: id) AND leased_by = \(bind: worker) AND leased_until > \(bind: at)
                RETURNING id
                """).all().isEmpty
        }
    }

    /// The deliveries of a channel in a state, newest first (dead letters for people to look at).
    public func deliveries(school: SchoolID, status: Delivery.Status, limit: Int) async throws -> [Delivery] {
        try await database.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.deliveryColumns) FROM notifications
                WHERE school_id = \(bind: school.rawValue) AND channel <> 'inapp' AND status = \(bind: status.rawValue)
                ORDER BY created_at DESC, id LIMIT \(bind: limit)
                """).all().compactMap(Self.delivery)
        }
    }
}
