import CampusKit
import Foundation
import SQLKit
import TestingCampaigns

extension SQLTestingStore {
    // MARK: Sampling

    public func sample(_ scan: SampleScan, school: SchoolID, by: String, at: Date) async throws -> Result<SampleReceipt, SampleRefusal> {
        do {
            return .success(try await database.write { db in try await Self.sample(scan, school: school, by: by, at: at, db: db) })
        } catch let refusal as SampleRefusal {
            return .failure(refusal)
        }
    }

    /// One swab in the caller's transaction; throws a refusal (rolling the transaction back) when a rule says no. The
    /// tube's counter is raised only while below the pool size, and on PostgreSQL the UPDATE locks the tube's row, so
    /// two samplers filling one tube at once never put an eleventh swab in it.
    static func sample(_ scan: SampleScan, school: SchoolID, by: String, at: Date, db: any SQLDatabase) async throws -> SampleReceipt {
        let now = Instant.format(at)
        guard let c = try await db.raw("""
            SELECT c.status, c.pool_size, e.student_no AS expected, e.exempt_reason, s.name
            FROM testing_campaigns c
            LEFT JOIN testing_expected e ON e.campaign_id = c.id AND e.student_no = \(bind: scan.studentNo)
            LEFT JOIN students s ON s.school_id = c.school_id AND s.student_no = \(bind: scan.studentNo)
            WHERE c.school_id = \(bind: school.rawValue) AND c.id = \(bind: scan.campaignId)
            """).first() else { throw SampleRefusal.unknownCampaign }
        guard try c.decode(column: "status", as: String.self) == Campaign.Status.open.rawValue else { throw SampleRefusal.campaignClosed }
        guard try c.decode(column: "expected", as: String?.self) != nil else { throw SampleRefusal.notExpected }
        let poolSize = try c.decode(column: "pool_size", as: Int.self)
        if let earlier = try await db.raw("""
            SELECT tube_code FROM testing_samples WHERE campaign_id = \(bind: scan.campaignId) AND student_no = \(bind: scan.studentNo)
            """).first() {
            throw SampleRefusal.alreadySampled(tube: try earlier.decode(column: "tube_code", as: String.self))
        }
        try await db.raw("""
            INSERT INTO testing_tubes (school_id, code, campaign_id, pool_size, filled, status, opened_at, opened_by)
            VALUES (\(bind: school.rawValue), \(bind: scan.tubeCode), \(bind: scan.campaignId), \(bind: poolSize), 0, 'open', \(bind: now), \(bind: by))
            ON CONFLICT DO NOTHING
            """).run()
        guard let filled = try await db.raw("""
            UPDATE testing_tubes SET filled = filled + 1
            WHERE school_id = \(bind: school.rawValue) AND code = \(bind: scan.tubeCode) AND campaign_id = \(bind: scan.campaignId)
              AND status = 'open' AND filled < pool_size
            RETURNING filled
            """).first()?.decode(column: "filled", as: Int.self) else {
            let tube = try await db.raw("""
                SELECT campaign_id, status, pool_size FROM testing_tubes WHERE school_id = \(bind: school.rawValue) AND code = \(bind: scan.tubeCode)
                """).first()
            if try tube?.decode(column: "campaign_id", as: String.self) != scan.campaignId { throw SampleRefusal.tubeOfAnotherCampaign }
            if try tube?.decode(column: "status", as: String.self) != TubeStatus.open.rawValue { throw SampleRefusal.tubeHasResult }
            throw SampleRefusal.tubeFull(poolSize: try tube?.decode(column: "pool_size", as: Int.self) ?? poolSize)
        }
        let inserted = try await db.raw("""
            INSERT INTO testing_samples (campaign_id, student_no, school_id, tube_code, position, sampled_at, sampled_by)
            VALUES (\(bind: scan.campaignId), \(bind: scan.studentNo), \(bind: school.rawValue), \(bind: scan.tubeCode), \(bind: filled), \(bind: now), \(bind: by))
            ON CONFLICT DO NOTHING RETURNING student_no
            """).all()
        guard !inserted.isEmpty else {
            // Sampled at another point a moment ago: this transaction (and its raised counter) is rolled back.
            throw SampleRefusal.alreadySampled(tube: "")
        }
        if try c.decode(column: "exempt_reason", as: String?.self) != nil {
            // Exempted, then came anyway: the swab counts, the exemption goes.
            try await db.raw("""
                UPDATE testing_expected SET exempt_reason = NULL, exempt_by = NULL, exempt_at = NULL
                WHERE campaign_id = \(bind: scan.campaignId) AND student_no = \(bind: scan.studentNo)
                """).run()
        }
        return SampleReceipt(tubeCode: scan.tubeCode, position: filled, tubeFull: filled >= poolSize, poolSize: poolSize,
                             studentName: try c.decode(column: "name", as: String?.self) ?? "")
    }

    public func tube(school: SchoolID, code: String) async throws -> Tube? {
        try await database.read { db in try await Self.tubes(db, school: school, where: SQLQueryString("t.code = \(bind: code)"), limit: 1).first }
    }

    public func tubes(school: SchoolID, campaignId: String, status: TubeStatus?, limit: Int) async throws -> [Tube] {
        try await database.read { db in
            let filter: SQLQueryString = if let status { "t.campaign_id = \(bind: campaignId) AND t.status = \(bind: status.rawValue)" }
                else { "t.campaign_id = \(bind: campaignId)" }
            return try await Self.tubes(db, school: school, where: filter, limit: limit)
        }
    }

    static func tubes(_ db: any SQLDatabase, school: SchoolID, where filter: SQLQueryString, limit: Int) async throws -> [Tube] {
        let rows = try await db.raw("""
            SELECT t.code, t.campaign_id, t.pool_size, t.filled, t.status FROM testing_tubes t
            WHERE t.school_id = \(bind: school.rawValue) AND \(filter) ORDER BY t.opened_at DESC, t.code LIMIT \(bind: limit)
            """).all()
        var tubes: [Tube] = try rows.map { r in
            Tube(code: try r.decode(column: "code", as: String.self), campaignId: try r.decode(column: "campaign_id", as: String.self),
                 poolSize: try r.decode(column: "pool_size", as: Int.self), filled: try r.decode(column: "filled", as: Int.self),
                 status: TubeStatus(rawValue: try r.decode(column: "status", as: String.self)) ?? .open, members: [])
        }
        guard !tubes.isEmpty else { return [] }
        let members = try await Self.members(db, school: school, tubes: tubes.map(\.code))
        for i in tubes.indices { tubes[i].members = members[tubes[i].code] ?? [] }
        return tubes
    }

    /// The students in each tube, in the order they were swabbed.
    static func members(_ db: any SQLDatabase, school: SchoolID, tubes: [String]) async throws -> [String: [String]] {
        var members: [String: [String]] = [:]
        for start in stride(from: 0, to: tubes.count, by: 1000) {
            let chunk = Array(tubes[start..<min(start + 1000, tubes.count)])
            for r in try await db.select().columns("tube_code", "student_no").from("testing_samples")
                .where("school_id", .equal, school.rawValue).where("tube_code", .in, SQLBind.group(chunk))
                .orderBy("tube_code").orderBy("position").all() {
                members[try r.decode(column: "tube_code", as: String.self), default: []].append(try r.decode(column: "student_no", as: String.self))
            }
        }
        return members
    }

    // MARK: Results (the writer a lab report's unit of work drives; the rules are `LabReport`'s)

    public func storedTubes(school: SchoolID, codes: [String]) async throws -> [String: StoredTube] {
        try await database.read { db in
            var stored: [String: StoredTube] = [:]
            for chunk in Array(Set(codes)).sorted().chunked(1000) {
                for r in try await db.select().columns("code", "status", "pool_size").from("testing_tubes")
                    .where("school_id", .equal, school.rawValue).where("code", .in, SQLBind.group(Array(chunk))).all() {
                    let code = try r.decode(column: "code", as: String.self)
                    stored[code] = StoredTube(code: code, status: TubeStatus(rawValue: try r.decode(column: "status", as: String.self)) ?? .open,
                                              poolSize: try r.decode(column: "pool_size", as: Int.self))
                }
            }
            return stored
        }
    }

    public func setResult(_ result: TubeResult, tubes: [String], school: SchoolID, by: String, at: Date) async throws
        -> (moved: [String], others: [String: TubeStatus]) {
        // On PostgreSQL the UPDATE waits for a concurrent report on the same tube and then finds it no longer open.
        try await database.write { db in
            var moved: [String] = []
            var others: [String: TubeStatus] = [:]
            for chunk in tubes.chunked(1000) {
                let changed = try await db.update("testing_tubes").set("status", to: result.rawValue).set("result_at", to: Instant.format(at))
                    .set("result_by", to: by).where("school_id", .equal, school.rawValue).where("code", .in, SQLBind.group(Array(chunk)))
                    .where("status", .equal, TubeStatus.open.rawValue).returning("code").all()
                    .map { try $0.decode(column: "code", as: String.self) }
                moved += changed
                let changedSet = Set(changed)
                let lost = chunk.filter { !changedSet.contains($0) }
                guard !lost.isEmpty else { continue }
                for r in try await db.select().columns("code", "status").from("testing_tubes").where("school_id", .equal, school.rawValue)
                    .where("code", .in, SQLBind.group(lost)).all() {
                    others[try r.decode(column: "code", as: String.self)] = TubeStatus(rawValue: try r.decode(column: "status", as: String.self)) ?? .open
                }
            }
            return (moved, others)
        }
    }

    public func members(school: SchoolID, tubes: [String]) async throws -> [String: [String]] {
        try await database.read { db in try await Self.members(db, school: school, tubes: tubes) }
    }

    public func clearFlags(school: SchoolID, students: [String], at: Date) async throws -> [String] {
        try await database.write { db in
            var cleared: [String] = []
            for chunk in students.chunked(1000) {
                cleared += try await db.update("testing_flags").set("status", to: "cleared").set("resolved_at", to: Instant.format(at))
                    .where("school_id", .equal, school.rawValue).where("student_no", .in, SQLBind.group(Array(chunk)))
                    .where("status", .equal, "pending").returning("student_no").all()
                    .map { try $0.decode(column: "student_no", as: String.self) }
            }
            return cleared
        }
    }

    public func void(school: SchoolID, tubes: [String], at: Date) async throws {
        try await database.write { db in
            for chunk in tubes.chunked(1000) {
                try await db.raw("""
                    INSERT INTO testing_voided (campaign_id, school_id, student_no, tube_code, sampled_at, voided_at)
                    SELECT campaign_id, school_id, student_no, tube_code, sampled_at, \(bind: Instant.format(at)) FROM testing_samples
                    WHERE school_id = \(bind: school.rawValue) AND tube_code IN \(SQLBind.group(Array(chunk)))
                    ON CONFLICT DO NOTHING
                    """).run()
                try await db.delete(from: "testing_samples").where("school_id", .equal, school.rawValue)
                    .where("tube_code", .in, SQLBind.group(Array(chunk))).run()
            }
        }
    }

    public func confirm(school: SchoolID, student: String, tube: String, at: Date) async throws {
        let now = Instant.format(at)
        try await database.write { db in
            let raised = try await db.update("testing_flags").set("status", to: "confirmed").set("resolved_at", to: now)
                .where("school_id", .equal, school.rawValue).where("student_no", .equal, student).where("status", .equal, "pending")
                .returning("student_no").all()
            if raised.isEmpty {
                try await db.raw("""
                    INSERT INTO testing_flags (school_id, student_no, tube_code, status, raised_at, resolved_at)
                    VALUES (\(bind: school.rawValue), \(bind: student), \(bind: tube), 'confirmed', \(bind: now), \(bind: now)) ON CONFLICT DO NOTHING
                    """).run()
            }
        }
    }

    public func retestCampaign(_ plan: CampaignPlan, school: SchoolID) async throws -> String {
        try await database.write { db in
            if try await Self.insert(plan, school: school, db: db) { return plan.campaign.id }
            return try await db.select().column("id").from("testing_campaigns").where("school_id", .equal, school.rawValue)
                .where("origin", .equal, plan.campaign.origin ?? "").first()?.decode(column: "id", as: String.self) ?? plan.campaign.id
        }
    }

    public func flag(school: SchoolID, students: [String], tube: String, retest: String, at: Date) async throws {
        try await database.write { db in
            for chunk in students.chunked(500) {
                let insert = db.insert(into: "testing_flags").columns("school_id", "student_no", "tube_code", "retest_campaign_id", "status", "raised_at")
                for student in chunk {
                    _ = insert.values(SQLBind(school.rawValue), SQLBind(student), SQLBind(tube), SQLBind(retest), SQLBind("pending"), SQLBind(Instant.format(at)))
                }
                try await insert.ignoringConflicts(with: ["school_id", "student_no", "tube_code"]).run()
            }
        }
    }
}

extension SQLTestingStore {
    /// One swab of generated history (the demo college's past rounds).
    public struct HistoricSample: Sendable {
        public var tubeCode: String
        public var studentNo: String
        public var at: Date
        public init(tubeCode: String, studentNo: String, at: Date) {
            self.tubeCode = tubeCode
            self.studentNo = studentNo
            self.at = at
        }
    }

    /// Writes generated swabs of one campaign in bulk: tubes in the order given, positions by order within a tube. For
    /// generated data only (the rules of `sample` are the generator's to keep: a tube holds at most the pool size).
    public func importHistory(_ samples: [HistoricSample], campaignId: String, poolSize: Int, school: SchoolID, by: String) async throws {
        var tubes: [String: (count: Int, openedAt: Date)] = [:]
        var order: [String] = []
        var rows: [[LiteralRows.Cell]] = []
        rows.reserveCapacity(samples.count)
        for s in samples {
            let position = (tubes[s.tubeCode]?.count ?? 0) + 1
            if tubes[s.tubeCode] == nil { order.append(s.tubeCode) }
            tubes[s.tubeCode] = (position, tubes[s.tubeCode]?.openedAt ?? s.at)
            rows.append([.text(campaignId), .text(s.studentNo), .text(school.rawValue), .text(s.tubeCode), .int(position),
                         .text(Instant.format(s.at)), .text(by)])
        }
        let tubeRows: [[LiteralRows.Cell]] = order.map { code in
            [.text(school.rawValue), .text(code), .text(campaignId), .int(poolSize), .int(tubes[code]!.count), .text("open"),
             .text(Instant.format(tubes[code]!.openedAt)), .text(by)]
        }
        let sampleRows = rows
        try await database.write { db in
            try await LiteralRows.insert(into: "testing_tubes", columns: ["school_id", "code", "campaign_id", "pool_size", "filled", "status", "opened_at", "opened_by"],
                                         rows: tubeRows, db: db)
            try await LiteralRows.insert(into: "testing_samples", columns: ["campaign_id", "student_no", "school_id", "tube_code", "position", "sampled_at", "sampled_by"],
                                         rows: sampleRows, db: db)
        }
    }
}
