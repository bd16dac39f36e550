import CampusKit
import CheckIns
import Foundation
import Quarantine
import SQLKit

extension SQLQuarantineStore {
    public func add(_ record: HealthRecord, school: SchoolID) async throws {
        try await database.write { db in
            try await db.insert(into: "quarantine_records")
                .columns("school_id", "placement_id", "recorded_at", "temperature_tenths", "symptoms", "abnormal", "recorded_by")
                .values(SQLBind(school.rawValue), SQLBind(record.placementId), SQLBind(Instant.format(record.recordedAt)),
                        SQLBind(Int((record.temperature * 10).rounded())), SQLBind(record.symptoms.map(\.rawValue).joined(separator: ",")),
                        SQLBind(record.abnormal ? 1 : 0), SQLBind(record.recordedBy))
                .run()
        }
    }

    public func lastRecords(school: SchoolID) async throws -> [String: Date] {
        struct Row: Decodable { var placement_id: String; var last: String }
        return try await database.read { db in
            var last: [String: Date] = [:]
            for row in try await db.raw("""
                SELECT r.placement_id, MAX(r.recorded_at) AS last FROM quarantine_records r
                JOIN quarantine_placements p ON p.id = r.placement_id AND p.school_id = r.school_id
                WHERE r.school_id = \(bind: school.rawValue) AND p.status = 'active' GROUP BY r.placement_id
                """).all(decoding: Row.self) {
                last[row.placement_id] = Instant.parse(row.last)
            }
            return last
        }
    }

    public func records(school: SchoolID, placementId: String) async throws -> [HealthRecord] {
        struct Row: Decodable { var recorded_at: String; var temperature_tenths: Int; var symptoms: String; var recorded_by: String }
        return try await database.read { db in
            try await db.raw("""
                SELECT recorded_at, temperature_tenths, symptoms, recorded_by FROM quarantine_records
                WHERE school_id = \(bind: school.rawValue) AND placement_id = \(bind: placementId) ORDER BY recorded_at
                """).all(decoding: Row.self).map {
                HealthRecord(placementId: placementId, temperature: Double($0.temperature_tenths) / 10,
                             symptoms: $0.symptoms.split(separator: ",").compactMap { Symptom(rawValue: String($0)) },
                             recordedBy: $0.recorded_by, recordedAt: Instant.parse($0.recorded_at) ?? .distantPast)
            }
        }
    }

    /// The student's swabs from `since` on, by their campaign's day: a negative or positive tube, or one not yet
    /// reported; an invalid tube or a voided swab is no test.
    public func tests(school: SchoolID, studentNo: String, since: CampusDay) async throws -> [QuarantineTest] {
        struct Row: Decodable { var day: String; var status: String }
        return try await database.read { db in
            try await db.raw("""
                SELECT c.day, t.status FROM testing_samples p
                JOIN testing_campaigns c ON c.id = p.campaign_id
                JOIN testing_tubes t ON t.school_id = p.school_id AND t.code = p.tube_code
                WHERE p.school_id = \(bind: school.rawValue) AND p.student_no = \(bind: studentNo) AND c.day >= \(bind: since.description)
                  AND NOT EXISTS (SELECT 1 FROM testing_voided v WHERE v.school_id = p.school_id AND v.campaign_id = p.campaign_id
                                  AND v.student_no = p.student_no)
                ORDER BY c.day
                """).all(decoding: Row.self).compactMap { row in
                guard let day = CampusDay(row.day) else { return nil }
                switch row.status {
                case "negative": return QuarantineTest(day: day, result: .negative)
                case "positive": return QuarantineTest(day: day, result: .positive)
                case "open": return QuarantineTest(day: day, result: .pending)
                default: return nil
                }
            }
        }
    }
}

/// A placement row joined with its student's name.
struct PlacementRow: Decodable {
    var id: String; var student_no: String; var name: String?; var reason: String; var site: String; var room: String
    var start_at: String; var planned_end: String?; var status: String; var `protocol`: String; var origin: String
    var investigation_id: String?; var index_student_no: String?; var placed_by: String; var tube_code: String?
    var released_at: String?; var released_by: String?; var release_reason: String?
    var early_by: String?; var early_at: String?; var early_reason: String?

    var value: Placement {
        let reason = Placement.Reason(rawValue: reason) ?? .other
        let rule = (try? JSONDecoder().decode(QuarantineProtocol.self, from: Data(`protocol`.utf8)))
            ?? QuarantineProtocol(reason: reason, days: 3, testDays: [1])
        var early: Placement.EarlyRequest?
        if let by = early_by, let at = early_at.flatMap(Instant.parse) { early = Placement.EarlyRequest(by: by, at: at, reason: early_reason ?? "") }
        return Placement(id: id, studentNo: student_no, studentName: name ?? "", reason: reason, site: site, room: room,
                         start: Instant.parse(start_at) ?? .distantPast, plannedEnd: planned_end.flatMap(CampusDay.init),
                         status: Placement.Status(rawValue: status) ?? .active, protocolRule: rule,
                         origin: Placement.Origin(rawValue: origin) ?? .manual, investigationId: investigation_id, tube: tube_code,
                         indexStudentNo: index_student_no, placedBy: placed_by, releasedAt: released_at.flatMap(Instant.parse),
                         releasedBy: released_by, releaseReason: release_reason, earlyRequest: early)
    }
}
