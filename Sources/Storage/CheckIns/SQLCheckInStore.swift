import CampusKit
import CheckIns
import Foundation
import NIOConcurrencyHelpers
import Roster
import SQLKit

/// Check-ins on SQLite or PostgreSQL.
public struct SQLCheckInStore: CheckInStore {
    let database: Database
    private let batcher: CheckInBatcher
    /// The timetable is read on every check-in but changes a few times a year: kept for a few seconds. Another server's
    /// change is seen within `policyTTL`; this server's own change at once.
    private let policies = NIOLockedValueBox<[String: (policy: CheckInPolicy, until: Date)]>([:])
    private let policyTTL: TimeInterval = 5

    public init(database: Database) {
        self.database = database
        self.batcher = CheckInBatcher(database: database)
    }

    public func record(_ checkIn: CheckIn, school: SchoolID, claim: IdempotencyClaim?) async throws -> RecordOutcome {
        if claim == nil && !database.inTransaction {
            // The common case, written together with the others that arrive at the same time (inside a unit of work
            // the check-in joins that transaction instead).
            try await batcher.record(checkIn, school: school)
            return .recorded(Receipt(checkIn))
        }
        return try await database.write { db in
            if let claim {
                // The key row is written first: a concurrent request with the same key waits here for this
                // transaction and then finds the row, so one key never stores two check-ins.
                let claimed = try await db.raw("""
                    INSERT INTO idempotency_keys (school_id, owner, key, fingerprint, response, created_at)
                    VALUES (\(bind: school.rawValue), \(bind: claim.owner), \(bind: claim.key), \(bind: claim.fingerprint), '', \(bind: Instant.format(checkIn.submittedAt)))
                    ON CONFLICT DO NOTHING RETURNING key
                    """).all()
                if claimed.isEmpty {
                    struct Earlier: Decodable { var fingerprint: String; var response: String }
                    let earlier = try await db.select().columns("fingerprint", "response").from("idempotency_keys")
                        .where("school_id", .equal, school.rawValue).where("owner", .equal, claim.owner).where("key", .equal, claim.key)
                        .first(decoding: Earlier.self)
                    guard let earlier, earlier.fingerprint == claim.fingerprint,
                          let receipt = try? Self.decoder.decode(Receipt.self, from: Data(earlier.response.utf8)) else { return .keyReused }
                    return .replayed(receipt)
                }
            }
            let row = CheckInRow(checkIn, school: school)
            try await db.insert(into: "checkins").columns(CheckInRow.columns).values(row.values.map { SQLBind($0) }).run()
            try await CountedDays.upsert([CountedDay(checkIn)], school: school, db: db)
            let receipt = Receipt(checkIn)
            if let claim {
                let json = String(decoding: try Self.encoder.encode(receipt), as: UTF8.self)
                try await db.update("idempotency_keys").set("response", to: json)
                    .where("school_id", .equal, school.rawValue).where("owner", .equal, claim.owner).where("key", .equal, claim.key).run()
            }
            return .recorded(receipt)
        }
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(Instant.format(date))
        }
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = Instant.parse(text) else { throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "instant")) }
            return date
        }
        return d
    }()

    public func counted(school: SchoolID, studentNo: String, day: CampusDay) async throws -> CheckIn? {
        try await database.read { db in
            try await db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("c")))
                .from(SQLAlias(SQLIdentifier("checkin_days"), as: SQLIdentifier("d")))
                .join(SQLAlias(SQLIdentifier("checkins"), as: SQLIdentifier("c")), on: SQLColumn("id", table: "c"), .equal, SQLColumn("checkin_id", table: "d"))
                .where(SQLColumn("school_id", table: "d"), .equal, SQLBind(school.rawValue))
                .where(SQLColumn("day", table: "d"), .equal, SQLBind(day.description))
                .where(SQLColumn("student_no", table: "d"), .equal, SQLBind(studentNo))
                .first(decoding: CheckInRow.self)?.checkIn(counted: true)
        }
    }

    public func history(school: SchoolID, studentNo: String, since: CampusDay, limit: Int) async throws -> [CheckIn] {
        try await database.read { db in
            try await db.raw("""
                SELECT c.*, d.checkin_id AS counted_id FROM checkins c
                LEFT JOIN checkin_days d ON d.school_id = c.school_id AND d.day = c.day AND d.student_no = c.student_no
                WHERE c.school_id = \(bind: school.rawValue) AND c.student_no = \(bind: studentNo) AND c.day >= \(bind: since.description)
                ORDER BY c.submitted_at DESC LIMIT \(literal: limit)
                """).all(decoding: CheckInWithDay.self).map(\.checkIn)
        }
    }

    public func submissions(school: SchoolID, from: CampusDay, to: CampusDay, scope: Scope) async throws -> [CheckIn] {
        try await database.read { db in
            try await db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("c")))
                .column(SQLColumn("checkin_id", table: "d"), as: "counted_id")
                .from(SQLAlias(SQLIdentifier("checkins"), as: SQLIdentifier("c")))
                .join(SQLAlias(SQLIdentifier("students"), as: SQLIdentifier("s")), method: SQLJoinMethod.inner,
                      on: SQLRaw("s.school_id = c.school_id AND s.student_no = c.student_no"))
                .join(SQLAlias(SQLIdentifier("checkin_days"), as: SQLIdentifier("d")), method: SQLJoinMethod.left,
                      on: SQLRaw("d.school_id = c.school_id AND d.day = c.day AND d.student_no = c.student_no"))
                .where(SQLColumn("school_id", table: "c"), .equal, SQLBind(school.rawValue))
                .where(SQLColumn("day", table: "c"), .greaterThanOrEqual, SQLBind(from.description))
                .where(SQLColumn("day", table: "c"), .lessThanOrEqual, SQLBind(to.description))
                .within(scope, table: "s")
                .orderBy(SQLColumn("submitted_at", table: "c"))
                .all(decoding: CheckInWithDay.self).map(\.checkIn)
        }
    }

    public func policy(school: SchoolID) async throws -> CheckInPolicy {
        let now = Date()
        if let cached = policies.withLockedValue({ $0[school.rawValue] }), cached.until > now { return cached.policy }
        let policy = try await storedPolicy(school: school)
        policies.withLockedValue { $0[school.rawValue] = (policy, now.addingTimeInterval(policyTTL)) }
        return policy
    }

    private func storedPolicy(school: SchoolID) async throws -> CheckInPolicy {
        struct Row: Decodable { var opens_at: Int; var cutoff: Int; var reminders: String; var report_deadline: Int }
        let row = try await database.read { db in
            try await db.select().column("*").from("checkin_policies").where("school_id", .equal, school.rawValue).first(decoding: Row.self)
        }
        guard let row else { return .standard }
        return CheckInPolicy(opensAt: row.opens_at, cutoff: row.cutoff,
                             reminders: row.reminders.split(separator: ",").compactMap { Int($0) }, reportDeadline: row.report_deadline)
    }

    public func setPolicy(_ policy: CheckInPolicy, school: SchoolID) async throws {
        try await database.write { db in
            try await db.insert(into: "checkin_policies")
                .columns("school_id", "opens_at", "cutoff", "reminders", "report_deadline", "updated_at")
                .values(SQLBind(school.rawValue), SQLBind(policy.opensAt), SQLBind(policy.cutoff),
                        SQLBind(policy.reminders.map(String.init).joined(separator: ",")), SQLBind(policy.reportDeadline),
                        SQLBind(Instant.format(Date())))
                .onConflict(with: ["school_id"]) { $0.set(excludedValueOf: "opens_at").set(excludedValueOf: "cutoff")
                    .set(excludedValueOf: "reminders").set(excludedValueOf: "report_deadline").set(excludedValueOf: "updated_at") }
                .run()
        }
        policies.withLockedValue { $0[school.rawValue] = (policy, Date().addingTimeInterval(policyTTL)) }
    }
}

extension SQLCheckInStore {
    /// Loads many check-ins at once (the demo college's history): every one into history, and per student and
    /// day the latest into the counted table with the units and status of `students` (the roster as it is).
    /// Rows already present are left alone. No cases are opened here.
    public func importHistory(_ checkIns: [CheckIn], students: [String: Student], school: SchoolID) async throws {
        let rows = checkIns.map { CheckInRow($0, school: school) }
        let days: [[any Encodable & Sendable]] = CountedDay.days(of: checkIns).compactMap { d in
            let c = d.checkIn
            guard let s = students[c.studentNo] else { return nil }
            return [school.rawValue, c.day.description, c.studentNo, c.id, c.abnormal ? 1 : 0, d.late ? 1 : 0, Instant.format(c.submittedAt),
                    s.status.rawValue, s.campus, s.building, s.floor, s.room, s.college, s.className]
        }
        try await database.write { db in
            try await SQLRosterStore.insertRows(into: "checkins", CheckInRow.columns, rows.map(\.values), key: ["id"], db: db)
            try await SQLRosterStore.insertRows(into: "checkin_days", ["school_id", "day", "student_no", "checkin_id", "abnormal", "late", "submitted_at",
                                                                       "status", "campus", "building", "floor", "room", "college", "class_name"],
                                                days, key: ["school_id", "day", "student_no"], db: db)
        }
    }
}

extension SQLCheckInStore {
    /// Copies the students' current units and status into their counted check-ins (all of a school's, or only
    /// those of `students`), so the day's figures follow the roster as the join with `students` would.
    static func refreshUnits(_ db: any SQLDatabase, school: SchoolID, students: [String]?) async throws {
        if let students, students.isEmpty { return }
        let sets = ["status", "campus", "building", "floor", "room", "college", "class_name"].map { "\($0) = s.\($0)" }.joined(separator: ", ")
        let chunks: [ArraySlice<String>?] = students.map { list in stride(from: 0, to: list.count, by: 500).map { list[$0..<min($0 + 500, list.count)] } } ?? [nil]
        for chunk in chunks {
            var query = SQLQueryString("""
                UPDATE checkin_days SET \(unsafeRaw: sets) FROM students s
                WHERE s.school_id = checkin_days.school_id AND s.student_no = checkin_days.student_no AND checkin_days.school_id = \(bind: school.rawValue)
                """)
            if let chunk {
                query.appendInterpolation(unsafeRaw: " AND checkin_days.student_no IN (")
                query.appendInterpolation(SQLList(chunk.map { SQLBind($0) }))
                query.appendInterpolation(unsafeRaw: ")")
            }
            try await db.raw(query).run()
        }
    }
}
