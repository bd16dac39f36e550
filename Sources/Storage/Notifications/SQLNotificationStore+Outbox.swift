import CampusKit
import Foundation
import Notifications
import SQLKit

extension SQLNotificationStore: OutboxAdministrationStore {
    /// The settings of `usernames` that exist.
    static func settings(of usernames: ArraySlice<String>, school: SchoolID, db: any SQLDatabase) async throws -> [NotificationSettings] {
        struct Row: Decodable {
            var username: String; var email: String?; var email_off: String; var quiet_from: Int?; var quiet_to: Int?; var language: String
        }
        return try await db.select().columns("username", "email", "email_off", "quiet_from", "quiet_to", "language").from("notification_settings")
            .where("school_id", .equal, school.rawValue).where("username", .in, SQLBind.group(Array(usernames)))
            .all(decoding: Row.self).map {
                NotificationSettings(username: $0.username, email: $0.email,
                                     emailOff: Set($0.email_off.split(separator: ",").compactMap { InboxMessage.Kind(rawValue: String($0)) }),
                                     quietFrom: $0.quiet_from, quietTo: $0.quiet_to, language: $0.language)
            }
    }

    public func settings(school: SchoolID, username: String) async throws -> NotificationSettings? {
        try await database.read { db in try await Self.settings(of: [username], school: school, db: db).first }
    }

    /// Stores a person's settings, replacing the ones they had.
    public func save(_ settings: NotificationSettings, school: SchoolID, at now: Date) async throws {
        try await database.write { db in
            try await db.insert(into: "notification_settings")
                .columns("school_id", "username", "email", "email_off", "quiet_from", "quiet_to", "updated_at", "language")
                .values(SQLBind(school.rawValue), SQLBind(settings.username), SQLBind(settings.email),
                        SQLBind(settings.emailOff.map(\.rawValue).sorted().joined(separator: ",")), SQLBind(settings.quietFrom),
                        SQLBind(settings.quietTo), SQLBind(Instant.format(now)), SQLBind(settings.language))
                .onConflict(with: ["school_id", "username"]) {
                    $0.set(excludedValueOf: "email").set(excludedValueOf: "email_off").set(excludedValueOf: "quiet_from")
                        .set(excludedValueOf: "quiet_to").set(excludedValueOf: "updated_at").set(excludedValueOf: "language")
                }
                .run()
        }
    }

    static let deliveryColumns = "id, message_id, channel, recipient, address, kind, subject, body, link, created_at, due_at, status, attempts, receipt, last_error, wording, language, format"

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
                        lastError: try row.decode(column: "last_error", as: String?.self),
                        wording: Wording(json: try row.decode(column: "wording", as: String?.self)),
                        language: try row.decode(column: "language", as: String.self),
                        format: (try row.decode(column: "format", as: String?.self)).flatMap(WebhookFormat.init(rawValue:)))
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
        try await record([Attempt(id: id, outcome: outcome, nextAttempt: nextAttempt)], school: school, worker: worker, at: now).contains(id)
    }

    /// Records a batch's outcomes in one transaction (one commit for the batch, not one a row), each only while
    /// `worker` still holds the row's lease.
    public func record(_ attempts: [Attempt], school: SchoolID, worker: String, at now: Date) async throws -> Set<String> {
        let at = Instant.format(now)
        return try await database.write { db in
            var recorded = Set<String>()
            for a in attempts {
                let (status, receipt, error, due): (Delivery.Status, String?, String?, String?) = switch a.outcome {
                case .delivered(let receipt): (.delivered, receipt, nil, nil)
                case .permanent(let why): (.dead, nil, why, nil)
                case .transient(let why): a.nextAttempt.map { (.pending, nil, why, Instant.format($0)) } ?? (.dead, nil, why, nil)
                }
                let done = try await !db.raw("""
                    UPDATE notifications SET status = \(bind: status.rawValue), attempts = attempts + 1, leased_by = NULL, leased_until = NULL,
                      receipt = COALESCE(\(bind: receipt), receipt), last_error = \(bind: error), due_at = COALESCE(\(bind: due), due_at),
                      delivered_at = \(bind: status == .delivered ? at : nil)
                    WHERE school_id = \(bind: school.rawValue) AND id = \(bind: a.id) AND leased_by = \(bind: worker) AND leased_until > \(bind: at)
                    RETURNING id
                    """).all().isEmpty
                if done { recorded.insert(a.id) }
            }
            return recorded
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

    /// Makes a dead delivery pending again, due now, with a fresh count of attempts.
    public func resend(_ id: String, school: SchoolID, at now: Date) async throws -> Bool {
        try await database.write { db in
            try await !db.raw("""
                UPDATE notifications SET status = 'pending', attempts = 0, due_at = \(bind: Instant.format(now)), leased_by = NULL, leased_until = NULL
                WHERE school_id = \(bind: school.rawValue) AND id = \(bind: id) AND channel <> 'inapp' AND status = 'dead'
                  AND (channel <> 'webhook' OR recipient IN (SELECT 'webhook:' || w.id FROM webhooks w WHERE w.school_id = \(bind: school.rawValue))
                       OR recipient = 'webhook:env')
                RETURNING id
                """).all().isEmpty
        }
    }

    static func webhooks(school: SchoolID, db: any SQLDatabase) async throws -> [WebhookTarget] {
        struct Row: Decodable { var id: String; var name: String; var url: String; var format: String; var unit: String?; var kinds: String; var language: String }
        return try await db.select().columns("id", "name", "url", "format", "unit", "kinds", "language").from("webhooks")
            .where("school_id", .equal, school.rawValue).orderBy("created_at").orderBy("id")
            .all(decoding: Row.self).compactMap { r in
                WebhookFormat(rawValue: r.format).map {
                    WebhookTarget(id: r.id, name: r.name, url: r.url, format: $0, unit: r.unit,
                                  kinds: Set(r.kinds.split(separator: ",").compactMap { InboxMessage.Kind(rawValue: String($0)) }), language: r.language)
                }
            }
    }

    public func webhooks(school: SchoolID) async throws -> [WebhookTarget] {
        try await database.read { db in try await Self.webhooks(school: school, db: db) }
    }

    public func add(_ target: WebhookTarget, school: SchoolID, at now: Date) async throws {
        try await database.write { db in
            try await db.insert(into: "webhooks").columns("school_id", "id", "name", "url", "format", "unit", "kinds", "language", "created_at")
                .values(SQLBind(school.rawValue), SQLBind(target.id), SQLBind(target.name), SQLBind(target.url), SQLBind(target.format.rawValue),
                        SQLBind(target.unit), SQLBind(target.kinds.map(\.rawValue).sorted().joined(separator: ",")), SQLBind(target.language),
                        SQLBind(Instant.format(now)))
                .run()
        }
    }

    public func removeWebhook(_ id: String, school: SchoolID) async throws -> Bool {
        try await database.write { db in
            guard try await !db.raw("DELETE FROM webhooks WHERE school_id = \(bind: school.rawValue) AND id = \(bind: id) RETURNING id").all().isEmpty
            else { return false }
            // What was still to go to the group does not go: a group is removed because it must hear no more.
            try await db.raw("""
                UPDATE notifications SET status = 'dead', last_error = 'webhook removed', leased_by = NULL, leased_until = NULL
                WHERE school_id = \(bind: school.rawValue) AND channel = 'webhook' AND recipient = \(bind: "webhook:\(id)") AND status = 'pending'
                """).run()
            return true
        }
    }
}
