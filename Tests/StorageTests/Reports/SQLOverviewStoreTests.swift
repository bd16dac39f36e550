import CampusKit
import CheckIns
import Foundation
import GateAccess
import Reports
import ShouhuTestSupport
import Storage
import Testing

/// Three days of the check-in fixture roster plus 20 students in 9号楼 (`TestingStoreFixtures`):
///
/// | day (school time) | counted check-ins              | cases opened                  | swabs              |
/// | 02-28 (d0)        | 001, 002 (abnormal)            | 002 at 23:30                  | –                  |
/// | 03-01 (d1)        | 001, 003, 005; 006 is suspended | 003 at 00:15                 | 6 (campaign A)     |
/// | 03-02 (d2)        | 001 (abnormal, 2nd), 004, 005 (abnormal), 007, x00 | 001 at 09:00, 005 at 10:00 (closed) | 3 (campaign B), one more at 00:10 the next day |
@Suite("Overview store: a few queries for every day, the dashboard's and the report's own figures")
struct SQLOverviewStoreTests {
    typealias F = CheckInStoreFixtures
    typealias T = TestingStoreFixtures

    static let d0 = F.day.adding(days: -2), d1 = F.previousDay, d2 = F.day

    static func seeded(_ engine: TestEngine, _ body: (T.Stores, SQLOverviewStore) async throws -> Void) async throws {
        try await T.withStores(engine) { stores in
            let checkIns = stores.caseStores.checkIns
            let seen: [(Int, Int, CampusDay, Bool)] = [(1, 8, d0, false), (2, 9, d0, true), (1, 8, d1, false), (3, 8, d1, false), (5, 8, d1, false),
                                                     (6, 8, d1, false), (1, 8, d2, false), (1, 9, d2, true), (4, 8, d2, false), (5, 7, d2, true),
                                                     (7, 8, d2, false)]
            for (n, hour, day, abnormal) in seen {
                try await F.record(checkIns, F.checkIn(F.no(n), at: F.at(hour, on: day), answers: abnormal ? F.fever : Answers(temperature: 36.5)))
            }
            try await F.record(checkIns, F.checkIn(T.extraNo(0), at: F.at(8, on: d2)))
            let cases = stores.caseStores.cases
            _ = try await cases.openCase(school: F.school, studentNo: F.no(2), source: .checkin, summary: "发热", by: "x", at: F.at(23, 30, on: d0))
            _ = try await cases.openCase(school: F.school, studentNo: F.no(3), source: .testing, summary: "混管阳性", by: "x", at: F.at(0, 15, on: d1))
            _ = try await cases.openCase(school: F.school, studentNo: F.no(1), source: .checkin, summary: "发热", by: "x", at: F.at(9, on: d2))
            let closing = try await cases.openCase(school: F.school, studentNo: F.no(5), source: .checkin, summary: "发热", by: "x", at: F.at(10, on: d2))
            _ = try await cases.close(school: F.school, id: closing.id, outcome: "已退烧", by: "T002", at: F.at(11, on: d2))

            let testing = stores.testing
            let a = try await T.plan(testing, day: d1, buildings: ["9号楼"])
            let b = try await T.plan(testing, day: d2, buildings: ["9号楼"])
            for plan in [a, b] { #expect(try await testing.create(plan, school: F.school)) }
            for i in 0..<6 {
                _ = try await T.sample(testing, a.campaign.id, "A-1", T.extraNo(i), at: i == 5 ? F.at(23, 50, on: d1) : F.at(8, on: d1)).get()
            }
            for i in 0..<3 { _ = try await T.sample(testing, b.campaign.id, "B-1", T.extraNo(i), at: F.at(8, on: d2)).get() }
            _ = try await T.sample(testing, b.campaign.id, "B-1", T.extraNo(3), at: F.at(0, 10, on: F.nextDay)).get()
            #expect(try await testing.exempt(school: F.school, campaignId: b.campaign.id, studentNo: T.extraNo(19), reason: "病假", by: "T009", at: F.at(9, on: d2)))

            let leaves = SQLLeaveStore(database: stores.database)
            func leave(_ id: String, _ n: Int, status: Leave.Status, to: Date, departed: Date? = nil, returned: Date? = nil) -> Leave {
                Leave(id: id, studentNo: F.no(n), studentName: "", from: F.at(8, on: d0), to: to, reason: "事假", destination: "家",
                      status: status, needsSecondApproval: false, requestedAt: F.at(7, on: d0), requestedBy: F.no(n), departedAt: departed, returnedAt: returned)
            }
            for l in [leave("overdue", 1, status: .approved, to: F.at(18, on: d1), departed: F.at(9, on: d0)),
                      leave("out", 2, status: .approved, to: F.at(20, on: d2), departed: F.at(9, on: d0)),
                      leave("back", 3, status: .approved, to: F.at(18, on: d1), departed: F.at(9, on: d0), returned: F.at(17, on: d1)),
                      leave("pending", 4, status: .pending, to: F.at(18, on: F.nextDay)),
                      leave("refused", 5, status: .refused, to: F.at(18, on: F.nextDay))] {
                try await leaves.insert(l, school: F.school)
            }
            try await body(stores, SQLOverviewStore(database: stores.database))
        }
    }

    static func f(_ expected: Int, _ reported: Int, _ abnormal: Int, _ open: Int) -> UnitFigures {
        UnitFigures(expected: expected, reported: reported, abnormal: abnormal, openCases: open)
    }

    @Test("Per day: counted check-ins of active students, cases opened and swabs taken between the day's midnights in school time",
          arguments: TestEngine.available)
    func perDay(engine: TestEngine) async throws {
        try await Self.seeded(engine) { _, store in
            let days = OverviewService.trend(endingAt: Self.d2)
            let windows = days.map { DayWindow($0, in: F.shanghai) }
            let checkIns = try await store.checkIns(school: F.school, from: days[0], to: Self.d2)
            #expect(checkIns == [Self.d0: CheckInCount(reported: 2, abnormal: 1), Self.d1: CheckInCount(reported: 3, abnormal: 0),
                                 Self.d2: CheckInCount(reported: 5, abnormal: 2)])
            #expect(try await store.checkIns(school: F.school, from: Self.d1, to: Self.d1) == [Self.d1: CheckInCount(reported: 3, abnormal: 0)])
            #expect(try await store.casesOpened(school: F.school, in: windows) == [Self.d0: 1, Self.d1: 1, Self.d2: 2],
                    "23:30 and 00:15 school time fall on their own days, though both are the same UTC day")
            #expect(try await store.samples(school: F.school, in: windows) == [Self.d1: 6, Self.d2: 3], "00:10 the next day is after the window")
            #expect(try await store.casesOpened(school: F.school, in: windows.filter { $0.day != Self.d2 }) == [Self.d0: 1, Self.d1: 1])
            #expect(try await store.samples(school: F.school, in: []) == [:])
        }
    }

    @Test("Units of each level: the dashboard's expected and reported, the report's figures, open cases now; leaves now; the latest campaign's coverage",
          arguments: TestEngine.available)
    func units(engine: TestEngine) async throws {
        try await Self.seeded(engine) { stores, store in
            #expect(try await store.units(school: F.school, day: Self.d2, level: .campus) == ["南校区": Self.f(24, 3, 1, 3), "北校区": Self.f(2, 2, 1, 0)])
            let buildings = try await store.units(school: F.school, day: Self.d2, level: .building)
            #expect(buildings == ["1号楼": Self.f(4, 2, 1, 3), "6号楼": Self.f(1, 1, 1, 0), "9号楼": Self.f(20, 1, 0, 0), "": Self.f(1, 1, 0, 0)])
            let colleges = try await store.units(school: F.school, day: Self.d2, level: .college)
            #expect(colleges == [F.info: Self.f(24, 3, 1, 3), F.mech: Self.f(2, 2, 1, 0)])

            // One definition: the dashboard's completeness and the daily report's figures are the same numbers.
            let completeness = try await stores.caseStores.checkIns.completeness(school: F.school, day: Self.d2, level: .building, scope: .school)
            #expect(completeness.map { [$0.key: [$0.expected, $0.reported, $0.abnormal]] }
                    == buildings.sorted { $0.key < $1.key }.map { [$0.key: [$0.value.expected, $0.value.reported, $0.value.abnormal]] })
            let report = try await SQLReportStore(database: stores.database).figures(school: F.school, day: Self.d2)
            #expect(report[ReportingUnit(.college, F.info)] == colleges[F.info] && report[ReportingUnit(.building, "1号楼")] == buildings["1号楼"])
            #expect(report[ReportingUnit(.building, "")] == nil, "the report has no line for students without a building")
            #expect(try await stores.caseStores.cases.openCount(school: F.school, scope: .school) == 3)

            #expect(try await store.leaves(school: F.school, at: F.at(12, on: Self.d2)) == LeaveCounts(overdue: 1, pending: 1))
            #expect(try await store.leaves(school: F.school, at: F.at(12, on: Self.d1)) == LeaveCounts(overdue: 0, pending: 1))

            let latest = try #require(try await store.latestCampaign(school: F.school, onOrBefore: Self.d2))
            #expect(latest.day == Self.d2 && latest.expected == 19 && latest.tested == 4, "the exempted student is not expected: \(latest)")
            #expect(try await store.latestCampaign(school: F.school, onOrBefore: F.nextDay)?.day == Self.d2)
            #expect(try await store.latestCampaign(school: F.school, onOrBefore: Self.d1).map { [$0.expected, $0.tested] } == [20, 6])
            #expect(try await store.latestCampaign(school: F.school, onOrBefore: Self.d0) == nil)
        }
    }

    @Test("The service over the SQL store: the glance agrees with the trend's last day and the dashboard's head count", arguments: TestEngine.available)
    func service(engine: TestEngine) async throws {
        try await Self.seeded(engine) { stores, store in
            let service = OverviewService(store: store, clock: FixedClock(F.at(12, on: Self.d2)), timeZone: F.shanghai)
            let admin = Actor(school: F.school, accountID: "admin", username: "admin", displayName: "管理员", kind: .staff, roles: [.admin], scope: .school)
            let overview = try await service.overview(by: admin)
            let completeness = try await stores.caseStores.checkIns.completeness(school: F.school, day: Self.d2, level: .building, scope: .school)
            let c = Completeness(day: Self.d2, level: .building, groups: completeness)
            #expect([overview.glance.expected, overview.glance.reported, overview.glance.abnormal] as [Int] == [c.expected, c.reported, c.abnormal])
            #expect(overview.glance.percent == 19 && overview.glance.openCases == 3 && overview.glance.testing?.percent == 21)
            #expect(overview.trend.suffix(3).map { [$0.reported, $0.abnormal, $0.casesOpened, $0.samples] } == [[2, 1, 1, 0], [3, 0, 1, 6], [5, 2, 2, 3]])
            #expect(overview.buildings.map(\.key) == ["9号楼", "1号楼", "", "6号楼"])
        }
    }
}
