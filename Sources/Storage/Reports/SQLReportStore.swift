import CampusKit
import Foundation
import Reports
import SQLKit

/// Daily reports and the figures behind them, on SQLite or PostgreSQL.
public struct SQLReportStore: ReportStore {
    let database: Database

    public init(database: Database) { self.database = database }

    /// The colleges and buildings of active students, counted as the dashboard counts them (`UnitFigureCounts`);
    /// students without a building are in their college's figures only.
    public func figures(school: SchoolID, day: CampusDay) async throws -> [ReportingUnit: UnitFigures] {
        try await database.read { db in
            var result: [ReportingUnit: UnitFigures] = [:]
            for (level, unitLevel) in [(ReportingUnit.Level.college, UnitKey.Level.college), (.building, .building)] {
                for (key, figures) in try await UnitFigureCounts.figures(db, school: school, day: day, level: unitLevel) where !key.isEmpty {
                    result[ReportingUnit(level, key)] = figures
                }
            }
            return result
        }
    }

    struct Row: Codable {
        var school_id: String; var day: String; var level: String; var unit: String
        var expected: Int; var reported: Int; var abnormal: Int; var open_cases: Int; var zero: Int; var note: String
        var attested_by: String; var attested_name: String; var attested_at: String; var late: Int
    }

    public func reports(school: SchoolID, day: CampusDay) async throws -> [DailyReport] {
        try await database.read { db in
            try await db.select().column("*").from("daily_reports").where("school_id", .equal, school.rawValue)
                .where("day", .equal, day.description).all(decoding: Row.self).compactMap { r in
                    guard let level = ReportingUnit.Level(rawValue: r.level) else { return nil }
                    return DailyReport(day: day, unit: ReportingUnit(level, r.unit),
                                       figures: UnitFigures(expected: r.expected, reported: r.reported, abnormal: r.abnormal, openCases: r.open_cases),
                                       zero: r.zero != 0, note: r.note, attestedBy: r.attested_by, attestedName: r.attested_name,
                                       attestedAt: Instant.parse(r.attested_at) ?? .distantPast, late: r.late != 0)
                }
        }
    }

    public func save(_ report: DailyReport, school: SchoolID) async throws {
        let row = Row(school_id: school.rawValue, day: report.day.description, level: report.unit.level.rawValue, unit: report.unit.key,
                      expected: report.figures.expected, reported: report.figures.reported, abnormal: report.figures.abnormal,
                      open_cases: report.figures.openCases, zero: report.zero ? 1 : 0, note: report.note, attested_by: report.attestedBy,
                      attested_name: report.attestedName, attested_at: Instant.format(report.attestedAt), late: report.late ? 1 : 0)
        try await database.write { db in
            try await db.insert(into: "daily_reports").model(row)
                .onConflict(with: ["school_id", "day", "level", "unit"]) { update in
                    ["expected", "reported", "abnormal", "open_cases", "zero", "note", "attested_by", "attested_name", "attested_at", "late"]
                        .reduce(update) { $0.set(excludedValueOf: $1) }
                }.run()
        }
    }
}
