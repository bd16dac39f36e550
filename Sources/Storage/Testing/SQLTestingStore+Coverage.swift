import CampusKit
import Foundation
import Roster
import SQLKit
import TestingCampaigns

extension SQLTestingStore {
    /// Counts of expected students per `groupColumns` of the campaigns, the students limited to `scope` by the roster.
    /// A swab counts once its tube is not invalid (an invalid tube's swabs are moved out of `testing_samples`).
    static func countQuery(_ db: any SQLDatabase, school: SchoolID, scope: Scope, campaignIds: [String],
                           groupColumns: [SQLColumn]) -> SQLSelectBuilder {
        var q = db.select()
        for c in groupColumns { q = q.column(c) }
        q = q.column(SQLRaw("COUNT(*)"), as: "total")
            .column(SQLRaw("SUM(CASE WHEN p.student_no IS NULL AND e.exempt_reason IS NOT NULL THEN 1 ELSE 0 END)"), as: "exempt")
            .column(SQLRaw("SUM(CASE WHEN p.student_no IS NOT NULL THEN 1 ELSE 0 END)"), as: "sampled")
            .column(SQLRaw("SUM(CASE WHEN t.status = 'negative' THEN 1 ELSE 0 END)"), as: "negative")
            .column(SQLRaw("SUM(CASE WHEN t.status = 'positive' THEN 1 ELSE 0 END)"), as: "positive")
            .column(SQLRaw("SUM(CASE WHEN t.status = 'open' THEN 1 ELSE 0 END)"), as: "pending")
            .from(SQLAlias(SQLIdentifier("testing_expected"), as: SQLIdentifier("e")))
            .join(SQLAlias(SQLIdentifier("students"), as: SQLIdentifier("s")), method: SQLJoinMethod.inner,
                  on: SQLRaw("s.school_id = e.school_id AND s.student_no = e.student_no"))
            .join(SQLAlias(SQLIdentifier("testing_samples"), as: SQLIdentifier("p")), method: SQLJoinMethod.left,
                  on: SQLRaw("p.campaign_id = e.campaign_id AND p.student_no = e.student_no"))
            .join(SQLAlias(SQLIdentifier("testing_tubes"), as: SQLIdentifier("t")), method: SQLJoinMethod.left,
                  on: SQLRaw("t.school_id = p.school_id AND t.code = p.tube_code"))
            .where(SQLColumn("campaign_id", table: "e"), .in, SQLBind.group(campaignIds))
            .where(SQLColumn("school_id", table: "e"), .equal, SQLBind(school.rawValue))
            .within(scope, table: "s")
        for c in groupColumns { q = q.groupBy(c) }
        return q
    }

    static func counts(_ row: any SQLRow) throws -> Coverage.Counts {
        func n(_ c: String) throws -> Int { try row.decode(column: c, as: Int?.self) ?? 0 }
        let exempt = try n("exempt")
        return Coverage.Counts(expected: try n("total") - exempt, sampled: try n("sampled"), negative: try n("negative"),
                               positive: try n("positive"), pending: try n("pending"), exempt: exempt)
    }

    public func coverage(school: SchoolID, campaignId: String, groupBy: Coverage.GroupBy, scope: Scope) async throws -> Coverage {
        let columns: [SQLColumn] = switch groupBy {
        case .building: [SQLColumn("building", table: "e")]
        case .floor: [SQLColumn("building", table: "e"), SQLColumn("floor", table: "e")]
        case .class: [SQLColumn("class_name", table: "e")]
        }
        let rows = try await database.read { db in
            try await Self.countQuery(db, school: school, scope: scope, campaignIds: [campaignId], groupColumns: columns).all()
        }
        var groups: [(order: [String], group: Coverage.Group)] = []
        var total = Coverage.Counts()
        for row in rows {
            let counts = try Self.counts(row)
            let key: String
            var order: [String]
            switch groupBy {
            case .building:
                key = try row.decode(column: "building", as: String?.self) ?? "—"
                order = [key]
            case .floor:
                let b = try row.decode(column: "building", as: String?.self) ?? "—"
                let f = try row.decode(column: "floor", as: Int?.self)
                key = "\(b)/\(f.map(String.init) ?? "—")"
                order = [b, f.map { String(repeating: "0", count: max(0, 4 - String($0).count)) + String($0) } ?? "9999"]
            case .class:
                key = try row.decode(column: "class_name", as: String.self)
                order = [key]
            }
            groups.append((order, Coverage.Group(key: key, counts: counts)))
            total.expected += counts.expected
            total.sampled += counts.sampled
            total.negative += counts.negative
            total.positive += counts.positive
            total.pending += counts.pending
            total.exempt += counts.exempt
        }
        return Coverage(total: total, groups: groups.sorted { $0.order.lexicographicallyPrecedes($1.order, by: Examinee.naturalLess) }.map(\.group))
    }

    public func missing(school: SchoolID, campaignId: String, scope: Scope, day: DateInterval) async throws -> [MissingStudent] {
        let (from, to) = (Instant.format(day.start), Instant.format(day.end))
        return try await database.read { db in
            try await db.select()
                .columns(SQLColumn("student_no", table: "e"), SQLColumn("name", table: "s"), SQLColumn("class_name", table: "e"),
                         SQLColumn("building", table: "e"), SQLColumn("floor", table: "e"), SQLColumn("room", table: "e"),
                         SQLColumn("exempt_reason", table: "e"), SQLColumn("status", table: "s"))
                .column(SQLRaw("CASE WHEN EXISTS (SELECT 1 FROM testing_voided v WHERE v.school_id = e.school_id AND v.campaign_id = e.campaign_id AND v.student_no = e.student_no) THEN 1 ELSE 0 END"), as: "voided")
                .column(SQLQueryString("""
                    CASE WHEN EXISTS (SELECT 1 FROM leaves l WHERE l.school_id = e.school_id AND l.student_no = e.student_no
                      AND l.status = 'approved' AND l.from_at < \(bind: to) AND l.to_at > \(bind: from)) THEN 1 ELSE 0 END
                    """), as: "on_leave")
                .column(SQLRaw("CASE WHEN EXISTS (SELECT 1 FROM cases k WHERE k.school_id = e.school_id AND k.student_no = e.student_no AND k.status = 'open') THEN 1 ELSE 0 END"), as: "open_case")
                .from(SQLAlias(SQLIdentifier("testing_expected"), as: SQLIdentifier("e")))
                .join(SQLAlias(SQLIdentifier("students"), as: SQLIdentifier("s")), method: SQLJoinMethod.inner,
                      on: SQLRaw("s.school_id = e.school_id AND s.student_no = e.student_no"))
                .join(SQLAlias(SQLIdentifier("testing_samples"), as: SQLIdentifier("p")), method: SQLJoinMethod.left,
                      on: SQLRaw("p.campaign_id = e.campaign_id AND p.student_no = e.student_no"))
                .where(SQLColumn("campaign_id", table: "e"), .equal, SQLBind(campaignId))
                .where(SQLColumn("school_id", table: "e"), .equal, SQLBind(school.rawValue))
                .where(SQLColumn("student_no", table: "p"), .is, SQLLiteral.null)
                .within(scope, table: "s")
                .all()
                .map { r in
                    let exempt = try r.decode(column: "exempt_reason", as: String?.self)
                    let reason = MissingStudent.Reason.of(
                        exempt: exempt != nil, voided: try r.decode(column: "voided", as: Int.self) != 0,
                        onLeave: try r.decode(column: "on_leave", as: Int.self) != 0,
                        offCampus: try r.decode(column: "status", as: String.self) == StudentStatus.offCampus.rawValue,
                        openCase: try r.decode(column: "open_case", as: Int.self) != 0)
                    return MissingStudent(studentNo: try r.decode(column: "student_no", as: String.self), name: try r.decode(column: "name", as: String.self),
                                          className: try r.decode(column: "class_name", as: String.self),
                                          building: try r.decode(column: "building", as: String?.self), floor: try r.decode(column: "floor", as: Int?.self),
                                          room: try r.decode(column: "room", as: String?.self), reason: reason, note: exempt)
                }
                .sorted { a, b in
                    Examinee.planningOrder(Examinee(studentNo: a.studentNo, building: a.building, floor: a.floor, room: a.room),
                                           Examinee(studentNo: b.studentNo, building: b.building, floor: b.floor, room: b.room))
                }
        }
    }

    public func exempt(school: SchoolID, campaignId: String, studentNo: String, reason: String, by: String, at: Date) async throws -> Bool {
        try await database.write { db in
            try await !db.raw("""
                UPDATE testing_expected SET exempt_reason = \(bind: reason), exempt_by = \(bind: by), exempt_at = \(bind: Instant.format(at))
                WHERE campaign_id = \(bind: campaignId) AND school_id = \(bind: school.rawValue) AND student_no = \(bind: studentNo)
                  AND NOT EXISTS (SELECT 1 FROM testing_samples p WHERE p.campaign_id = testing_expected.campaign_id AND p.student_no = testing_expected.student_no)
                RETURNING student_no
                """).all().isEmpty
        }
    }

    public func close(school: SchoolID, campaignId: String, at: Date) async throws -> Bool {
        try await database.write { db in
            try await !db.raw("""
                UPDATE testing_campaigns SET status = 'closed', closed_at = \(bind: Instant.format(at))
                WHERE id = \(bind: campaignId) AND school_id = \(bind: school.rawValue) AND status = 'open' RETURNING id
                """).all().isEmpty
        }
    }

    public func testing(of studentNo: String, school: SchoolID, since: CampusDay) async throws -> [StudentTesting] {
        try await database.read { db in
            // The student's slot is the one of their (building, floor) group; its site follows from the slot.
            try await db.raw("""
                SELECT \(unsafeRaw: Self.campaignColumns), e.exempt_reason, p.tube_code, t.status AS tube_status,
                  CASE WHEN EXISTS (SELECT 1 FROM testing_voided v WHERE v.school_id = e.school_id AND v.campaign_id = e.campaign_id AND v.student_no = e.student_no) THEN 1 ELSE 0 END AS voided,
                  sl.site_no, sl.building AS slot_building, sl.floor AS slot_floor, sl.start_minute AS slot_start, sl.end_minute AS slot_end,
                  sl.students AS slot_students, si.name AS site_name, si.building AS site_building, si.capacity_per_hour
                FROM testing_expected e JOIN testing_campaigns c ON c.id = e.campaign_id
                LEFT JOIN testing_samples p ON p.campaign_id = e.campaign_id AND p.student_no = e.student_no
                LEFT JOIN testing_tubes t ON t.school_id = p.school_id AND t.code = p.tube_code
                LEFT JOIN testing_slots sl ON sl.school_id = e.school_id AND sl.campaign_id = e.campaign_id
                  AND sl.group_key = COALESCE(e.building, '') || '/' || COALESCE(CAST(e.floor AS TEXT), '')
                LEFT JOIN testing_sites si ON si.school_id = e.school_id AND si.campaign_id = e.campaign_id AND si.site_no = sl.site_no
                WHERE e.school_id = \(bind: school.rawValue) AND e.student_no = \(bind: studentNo) AND c.day >= \(bind: since.description)
                ORDER BY c.day DESC, c.created_at DESC LIMIT 30
                """).all().compactMap { r -> StudentTesting? in
                guard let campaign = try Self.campaign(r) else { return nil }
                var slot: Slot?
                if let site = try r.decode(column: "site_no", as: Int?.self) {
                    slot = Slot(site: site, building: try r.decode(column: "slot_building", as: String?.self),
                                floor: try r.decode(column: "slot_floor", as: Int?.self), startMinute: try r.decode(column: "slot_start", as: Int.self),
                                endMinute: try r.decode(column: "slot_end", as: Int.self), students: try r.decode(column: "slot_students", as: Int.self))
                }
                let site = try r.decode(column: "site_name", as: String?.self).map { name in
                    Site(name: name, building: try r.decode(column: "site_building", as: String?.self),
                         capacityPerHour: try r.decode(column: "capacity_per_hour", as: Int.self))
                }
                let tube = try r.decode(column: "tube_code", as: String?.self)
                let status = StudentTesting.Status.of(tube: TubeStatus(rawValue: try r.decode(column: "tube_status", as: String?.self) ?? ""),
                                                      sampled: tube != nil, exempt: try r.decode(column: "exempt_reason", as: String?.self) != nil,
                                                      voided: try r.decode(column: "voided", as: Int.self) != 0)
                return StudentTesting(campaign: campaign, site: site, slot: slot, tubeCode: tube, status: status)
            }
        }
    }
}
