import CampusKit
import Foundation
import Reports

/// Daily reports in memory: saving (one per unit and day, the later replacing the earlier) and reading a day's. The
/// figures, counted from the roster, check-ins and cases, throw `NotImplementedByFake`.
public final class MemoryReportStore: ReportStore, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String: DailyReport] = [:]

    public init() {}

    public func figures(school: SchoolID, day: CampusDay) async throws -> [ReportingUnit: UnitFigures] {
        throw NotImplementedByFake("MemoryReportStore.figures")
    }

    public func reports(school: SchoolID, day: CampusDay) async throws -> [DailyReport] {
        lock.withLock { stored.values.filter { $0.day == day } }
    }

    public func save(_ report: DailyReport, school: SchoolID) async throws {
        lock.withLock { stored["\(report.day)|\(report.unit.level.rawValue)|\(report.unit.key)"] = report }
    }
}
