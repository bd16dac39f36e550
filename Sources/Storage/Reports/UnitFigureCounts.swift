import CampusKit
import Foundation
import Reports
import SQLKit

/// A day's figures of every unit of one level, counted the way the dashboard counts them (the same expected and
/// reported queries, `SQLCheckInStore.expected` and `.counted`) with each unit's open cases (`SQLCaseStore.openCases`):
/// what the daily report (colleges, buildings) and the overview (campuses too) show.
enum UnitFigureCounts {
    /// Key "" gathers the students without a unit at `level`.
    static func figures(_ db: any SQLDatabase, school: SchoolID, day: CampusDay, level: UnitKey.Level) async throws -> [String: UnitFigures] {
        struct Open: Decodable { var unit: String; var open: Int }
        let expected = try await SQLCheckInStore.expected(db, school: school, level: level, scope: .school)
        let counted = try await SQLCheckInStore.counted(db, school: school, from: day, to: day,
                                                        key: SQLCheckInStore.unitExpression(level, "d"), scope: .school)
        let open = try await SQLCaseStore.openCases(db, school: school, scope: .school)
            .column(SQLCheckInStore.unitExpression(level, "s"), as: "unit")
            .column(SQLRaw("COUNT(*)"), as: "open")
            .groupBy(SQLCheckInStore.unitExpression(level, "s"))
            .all(decoding: Open.self)
        let countedByUnit = Dictionary(counted.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let openByUnit = Dictionary(open.map { ($0.unit, $0.open) }, uniquingKeysWith: +)
        var result: [String: UnitFigures] = [:]
        for e in expected {
            let c = countedByUnit[e.unit]
            result[e.unit] = UnitFigures(expected: e.expected, reported: c?.reported ?? 0, abnormal: c?.abnormal ?? 0, openCases: openByUnit[e.unit] ?? 0)
        }
        return result
    }
}
