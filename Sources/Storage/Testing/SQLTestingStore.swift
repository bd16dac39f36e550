import CampusKit
import Foundation
import Roster
import SQLKit
import TestingCampaigns

/// Campaigns, tubes, samples, results and coverage on SQLite or PostgreSQL.
public struct SQLTestingStore: TestingStore {
    let database: Database

    public init(database: Database) { self.database = database }

    // MARK: Who is tested

    public func activeExaminees(school: SchoolID, buildings: [String]) async throws -> [Examinee] {
        try await database.read { db in
            var q = db.select().columns("student_no", "name", "class_name", "building", "floor", "room").from("students")
                .where("school_id", .equal, school.rawValue).where("status", .equal, StudentStatus.active.rawValue)
            if !buildings.isEmpty { q = q.where("building", .in, SQLBind.group(buildings)) }
            return try await q.all().map(Self.examinee).sorted(by: Examinee.planningOrder)
        }
    }

    public func examinees(school: SchoolID, numbers: [String]) async throws -> [Examinee] {
        guard !numbers.isEmpty else { return [] }
        return try await database.read { db in
            var found: [Examinee] = []
            for start in stride(from: 0, to: numbers.count, by: 1000) {
                let chunk = Array(numbers[start..<min(start + 1000, numbers.count)])
                found += try await db.select().columns("student_no", "name", "class_name", "building", "floor", "room").from("students")
                    .where("school_id", .equal, school.rawValue).where("student_no", .in, SQLBind.group(chunk)).all().map(Self.examinee)
            }
            return found.sorted(by: Examinee.planningOrder)
        }
    }

    static func examinee(_ row: any SQLRow) throws -> Examinee {
        Examinee(studentNo: try row.decode(column: "student_no", as: String.self), name: try row.decode(column: "name", as: String.self),
                 className: try row.decode(column: "class_name", as: String.self), building: try row.decode(column: "building", as: String?.self),
                 floor: try row.decode(column: "floor", as: Int?.self), room: try row.decode(column: "room", as: String?.self))
    }

    // MARK: Creating

    public func create(_ plan: CampaignPlan, school: SchoolID) async throws -> Bool {
        try await database.write { db in try await Self.insert(plan, school: school, db: db) }
    }

    public func create(_ rotation: Rotation, plans: [CampaignPlan], school: SchoolID, by: String, at: Date) async throws {
        try await database.write { db in
            try await db.insert(into: "testing_rotations").columns("id", "school_id", "start_day", "days", "buildings", "created_by", "created_at")
                .values(SQLBind(rotation.id), SQLBind(school.rawValue), SQLBind(rotation.startDay.description), SQLBind(rotation.days.count),
                        SQLBind(rotation.buildings.joined(separator: "\n")), SQLBind(by), SQLBind(Instant.format(at))).run()
            for plan in plans {
                guard try await Self.insert(plan, school: school, db: db) else {
                    throw DomainError.rotationExists
                }
            }
        }
    }

    /// Inserts a campaign, its sites, slots and expected students inside the caller's transaction; false (nothing
    /// written) when a campaign of the same origin exists.
    static func insert(_ plan: CampaignPlan, school: SchoolID, db: any SQLDatabase) async throws -> Bool {
        let c = plan.campaign
        let inserted = try await db.raw("""
            INSERT INTO testing_campaigns (id, school_id, name, day, kind, purpose, pool_size, buildings, origin, start_minute, status, created_by, created_at)
            VALUES (\(bind: c.id), \(bind: school.rawValue), \(bind: c.name), \(bind: c.day.description), \(bind: c.kind.rawValue),
                    \(bind: c.purpose.rawValue), \(bind: c.poolSize), \(bind: c.buildings.joined(separator: "\n")), \(bind: c.origin),
                    \(bind: c.startMinute), \(bind: c.status.rawValue), \(bind: c.createdBy), \(bind: Instant.format(c.createdAt)))
            ON CONFLICT DO NOTHING RETURNING id
            """).all()
        guard !inserted.isEmpty else { return false }
        if !plan.sites.isEmpty {
            let sites = db.insert(into: "testing_sites").columns("campaign_id", "school_id", "site_no", "name", "building", "capacity_per_hour")
            for (i, s) in plan.sites.enumerated() {
                sites.values([SQLBind(c.id), SQLBind(school.rawValue), SQLBind(i), SQLBind(s.name), SQLBind(s.building), SQLBind(s.capacityPerHour)] as [any SQLExpression])
            }
            try await sites.run()
        }
        for start in stride(from: 0, to: plan.slots.count, by: 500) {
            let slots = db.insert(into: "testing_slots")
                .columns("campaign_id", "school_id", "group_key", "site_no", "building", "floor", "start_minute", "end_minute", "students")
            for s in plan.slots[start..<min(start + 500, plan.slots.count)] {
                slots.values([SQLBind(c.id), SQLBind(school.rawValue), SQLBind(s.groupKey), SQLBind(s.site), SQLBind(s.building), SQLBind(s.floor), SQLBind(s.startMinute),
                              SQLBind(s.endMinute), SQLBind(s.students)] as [any SQLExpression])
            }
            try await slots.run()
        }
        for start in stride(from: 0, to: plan.expected.count, by: 1000) {
            let expected = db.insert(into: "testing_expected").columns("campaign_id", "student_no", "school_id", "building", "floor", "room", "class_name")
            for e in plan.expected[start..<min(start + 1000, plan.expected.count)] {
                expected.values([SQLBind(c.id), SQLBind(e.studentNo), SQLBind(school.rawValue), SQLBind(e.building), SQLBind(e.floor), SQLBind(e.room),
                                 SQLBind(e.className)] as [any SQLExpression])
            }
            try await expected.run()
        }
        return true
    }

    // MARK: Reading campaigns

    static let campaignColumns = "c.id, c.name, c.day, c.kind, c.purpose, c.pool_size, c.buildings, c.origin, c.start_minute, c.status, c.created_by, c.created_at"

    static func campaign(_ row: any SQLRow) throws -> Campaign? {
        guard let day = CampusDay(try row.decode(column: "day", as: String.self)),
              let kind = Campaign.Kind(rawValue: try row.decode(column: "kind", as: String.self)),
              let purpose = Campaign.Purpose(rawValue: try row.decode(column: "purpose", as: String.self)),
              let status = Campaign.Status(rawValue: try row.decode(column: "status", as: String.self)) else { return nil }
        let buildings = try row.decode(column: "buildings", as: String.self)
        return Campaign(id: try row.decode(column: "id", as: String.self), name: try row.decode(column: "name", as: String.self), day: day,
                        kind: kind, purpose: purpose, poolSize: try row.decode(column: "pool_size", as: Int.self),
                        buildings: buildings.isEmpty ? [] : buildings.components(separatedBy: "\n"),
                        origin: try row.decode(column: "origin", as: String?.self), startMinute: try row.decode(column: "start_minute", as: Int.self),
                        status: status, createdBy: try row.decode(column: "created_by", as: String.self),
                        createdAt: Instant.parse(try row.decode(column: "created_at", as: String.self)) ?? .distantPast)
    }

    public func campaign(school: SchoolID, id: String) async throws -> (campaign: Campaign, sites: [Site], slots: [Slot])? {
        try await database.read { db in
            guard let row = try await db.raw("SELECT \(unsafeRaw: Self.campaignColumns) FROM testing_campaigns c WHERE c.school_id = \(bind: school.rawValue) AND c.id = \(bind: id)").first(),
                  let campaign = try Self.campaign(row) else { return nil }
            let sites = try await db.raw("SELECT name, building, capacity_per_hour FROM testing_sites WHERE school_id = \(bind: school.rawValue) AND campaign_id = \(bind: id) ORDER BY site_no").all().map { r in
                Site(name: try r.decode(column: "name", as: String.self), building: try r.decode(column: "building", as: String?.self),
                     capacityPerHour: try r.decode(column: "capacity_per_hour", as: Int.self))
            }
            let slots = try await db.raw("""
                SELECT site_no, building, floor, start_minute, end_minute, students FROM testing_slots WHERE school_id = \(bind: school.rawValue) AND campaign_id = \(bind: id)
                ORDER BY site_no, start_minute
                """).all().map(Self.slot)
            return (campaign, sites, slots)
        }
    }

    static func slot(_ r: any SQLRow) throws -> Slot {
        Slot(site: try r.decode(column: "site_no", as: Int.self), building: try r.decode(column: "building", as: String?.self),
             floor: try r.decode(column: "floor", as: Int?.self), startMinute: try r.decode(column: "start_minute", as: Int.self),
             endMinute: try r.decode(column: "end_minute", as: Int.self), students: try r.decode(column: "students", as: Int.self))
    }

    public func campaigns(school: SchoolID, scope: Scope, limit: Int) async throws -> [CampaignSummary] {
        try await database.read { db in
            let campaigns = try await db.raw("""
                SELECT \(unsafeRaw: Self.campaignColumns) FROM testing_campaigns c WHERE c.school_id = \(bind: school.rawValue)
                ORDER BY c.day DESC, c.created_at DESC LIMIT \(bind: limit)
                """).all().compactMap(Self.campaign)
            guard !campaigns.isEmpty else { return [] }
            let ids = campaigns.map(\.id)
            var counts: [String: Coverage.Counts] = [:]
            for row in try await Self.countQuery(db, school: school, scope: scope, campaignIds: ids, groupColumns: [SQLColumn("campaign_id", table: "e")]).all() {
                counts[try row.decode(column: "campaign_id", as: String.self)] = try Self.counts(row)
            }
            var tubes: [String: (Int, Int)] = [:]
            for row in try await db.select().column("campaign_id").column(SQLRaw("COUNT(*)"), as: "n")
                .column(SQLRaw("SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END)"), as: "open")
                .from("testing_tubes").where("school_id", .equal, school.rawValue).where("campaign_id", .in, SQLBind.group(ids))
                .groupBy("campaign_id").all() {
                tubes[try row.decode(column: "campaign_id", as: String.self)] = (try row.decode(column: "n", as: Int.self), try row.decode(column: "open", as: Int?.self) ?? 0)
            }
            return campaigns.map { c in
                CampaignSummary(campaign: c, counts: counts[c.id] ?? Coverage.Counts(), tubes: tubes[c.id]?.0 ?? 0, tubesOpen: tubes[c.id]?.1 ?? 0)
            }
        }
    }

    public func expected(school: SchoolID, campaignId: String, scope: Scope) async throws -> [Examinee] {
        try await database.read { db in
            try await db.select()
                .columns(SQLColumn("student_no", table: "e"), SQLColumn("name", table: "s"), SQLColumn("class_name", table: "e"),
                         SQLColumn("building", table: "e"), SQLColumn("floor", table: "e"), SQLColumn("room", table: "e"))
                .from(SQLAlias(SQLIdentifier("testing_expected"), as: SQLIdentifier("e")))
                .join(SQLAlias(SQLIdentifier("students"), as: SQLIdentifier("s")), method: SQLJoinMethod.inner,
                      on: SQLRaw("s.school_id = e.school_id AND s.student_no = e.student_no"))
                .where(SQLColumn("campaign_id", table: "e"), .equal, SQLBind(campaignId))
                .where(SQLColumn("school_id", table: "e"), .equal, SQLBind(school.rawValue))
                .within(scope, table: "s")
                .all().map(Self.examinee).sorted(by: Examinee.planningOrder)
        }
    }

    // MARK: Schedules

    public func schedules(school: SchoolID) async throws -> [TestingSchedule] {
        try await database.read { db in
            try await db.select().column("body").from("testing_schedules").where("school_id", .equal, school.rawValue).orderBy("id").all()
                .compactMap { try? JSONDecoder().decode(TestingSchedule.self, from: Data(try $0.decode(column: "body", as: String.self).utf8)) }
        }
    }

    public func save(_ schedule: TestingSchedule, school: SchoolID, by: String, at: Date) async throws {
        let body = String(decoding: try JSONEncoder().encode(schedule), as: UTF8.self)
        try await database.write { db in
            // An id of another school's schedule is never overwritten.
            try await db.raw("""
                INSERT INTO testing_schedules (id, school_id, body, updated_by, updated_at)
                VALUES (\(bind: schedule.id), \(bind: school.rawValue), \(bind: body), \(bind: by), \(bind: Instant.format(at)))
                ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at
                WHERE testing_schedules.school_id = excluded.school_id
                """).run()
        }
    }
}
