import CampusKit
import CheckIns
import Foundation
import Reports
import ShouhuFakes
import ShouhuTestSupport
import Storage
import Testing

private typealias F = CheckInStoreFixtures

/// The promises of `ReportStore` the report service relies on: one report per unit and day, the later replacing the
/// earlier; and (SQL only) the figures counted from the roster, the day's check-ins and open cases.
@Suite("ReportStore contract: SQL stores and the in-memory fake keep the same promises")
struct ReportStoreContractTests {
    static func withStore(_ subject: ContractSubject, _ body: (any ReportStore) async throws -> Void) async throws {
        switch subject {
        case .memory: try await body(MemoryReportStore())
        case .sql(let engine): try await F.withDatabase(engine) { db in try await body(SQLReportStore(database: db)) }
        }
    }

    static func report(_ unit: ReportingUnit, day: CampusDay = F.day, note: String, at hour: Int) -> DailyReport {
        DailyReport(day: day, unit: unit, figures: UnitFigures(expected: 5, reported: 4, abnormal: 0, openCases: 0), zero: true, note: note,
                    attestedBy: "S001", attestedName: "书记", attestedAt: F.at(hour), late: false)
    }

    @Test("save: one report per unit and day, the later replacing the earlier; reports answers the day's only", arguments: ContractSubject.all)
    func saveReplaces(subject: ContractSubject) async throws {
        try await Self.withStore(subject) { store throws in
            let info = ReportingUnit(.college, F.info), b1 = ReportingUnit(.building, "1号楼")
            try await store.save(Self.report(info, note: "first", at: 16), school: F.school)
            try await store.save(Self.report(b1, note: "building", at: 16), school: F.school)
            try await store.save(Self.report(info, day: F.nextDay, note: "tomorrow", at: 16), school: F.school)
            try await store.save(Self.report(info, note: "second", at: 17), school: F.school)
            let today = try await store.reports(school: F.school, day: F.day)
            #expect(today.count == 2)
            #expect(today.first { $0.unit == info } == Self.report(info, note: "second", at: 17))
            #expect(today.first { $0.unit == b1 }?.note == "building")
            #expect(try await store.reports(school: F.school, day: F.nextDay).map(\.note) == ["tomorrow"])
            #expect(try await store.reports(school: F.school, day: F.previousDay).isEmpty)
        }
    }

    // Figures count the roster, check-ins and cases: SQL only (MemoryReportStore throws NotImplementedByFake).
    @Test("figures (SQL only): every college and building of active students, with the day's counted and abnormal check-ins and open cases",
          arguments: TestEngine.available)
    func figures(engine: TestEngine) async throws {
        try await F.withStores(engine) { stores throws in
            try await F.record(stores.checkIns, F.checkIn(F.no(1), at: F.at(8)))
            try await F.record(stores.checkIns, F.checkIn(F.no(1), at: F.at(9), answers: F.fever))
            try await F.record(stores.checkIns, F.checkIn(F.no(5), at: F.at(8)))
            try await F.record(stores.checkIns, F.checkIn(F.no(2), at: F.at(8, on: F.previousDay)))
            _ = try await stores.cases.openCase(school: F.school, studentNo: F.no(1), source: .checkin, summary: "发热", by: F.no(1), at: F.at(9))
            let figures = try await SQLReportStore(database: stores.database).figures(school: F.school, day: F.day)
            #expect(figures[ReportingUnit(.college, F.info)] == UnitFigures(expected: 4, reported: 1, abnormal: 1, openCases: 1))
            #expect(figures[ReportingUnit(.college, F.mech)] == UnitFigures(expected: 2, reported: 1, abnormal: 0, openCases: 0))
            #expect(figures[ReportingUnit(.building, "6号楼")] == UnitFigures(expected: 1, reported: 1, abnormal: 0, openCases: 0))
            #expect(figures[ReportingUnit(.building, "1号楼")]?.expected == 4)
        }
    }
}
