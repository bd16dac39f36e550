import CampusKit
import Foundation
import Reports
import ShouhuFakes
import Testing

@Suite("Overview: the leadership dashboard's rules")
struct OverviewServiceTests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    static let today = CampusDay("2026-11-27")!

    /// `hour:minute` school time on `day`.
    static func at(_ day: CampusDay, _ hour: Int, _ minute: Int = 0) -> Date { day.instant(minutes: hour * 60 + minute, in: shanghai) }

    static func actor(_ roles: Set<Role>, kind: Actor.Kind = .staff, tokenScopes: Set<String> = [], scope: Scope = .school) -> Actor {
        Actor(school: .main, accountID: "a", username: "u", displayName: "某人", kind: kind, roles: roles, tokenScopes: tokenScopes, scope: scope)
    }

    static let leader = actor([.leader])

    /// Two campuses, three buildings (one student has none), two colleges; S6 is not active.
    static let students: [MemoryOverviewStore.Student] = [
        .init("S1", campus: "南校区", building: "1号楼", college: "信息工程学院"),
        .init("S2", campus: "南校区", building: "1号楼", college: "信息工程学院"),
        .init("S3", campus: "南校区", building: "2号楼", college: "信息工程学院"),
        .init("S4", campus: "北校区", building: "10号楼", college: "机电工程学院"),
        .init("S5", campus: "北校区", building: nil, college: "机电工程学院"),
        .init("S6", campus: "北校区", building: "10号楼", college: "机电工程学院", active: false),
    ]

    static func service(_ store: MemoryOverviewStore, now: Date = at(today, 10)) -> OverviewService {
        OverviewService(store: store, clock: FixedClock(now), timeZone: shanghai)
    }

    @Test("The trends are the 14 days ending at the day, oldest first: each day's check-ins and abnormal answers, and the cases opened and swabs taken between its midnights in school time; a day without data is zeros")
    func fourteenDays() async throws {
        let store = MemoryOverviewStore(Self.students)
        let day = Self.today.adding(days: -1)
        let first = day.adding(days: -13)
        for s in ["S1", "S2", "S3", "S4"] { store.checkIn(s, on: day) }
        store.checkIn("S5", on: day, abnormal: true)
        store.checkIn("S6", on: day, abnormal: true)          // not active: not counted
        store.checkIn("S1", on: first, abnormal: true)
        store.checkIn("S1", on: first.adding(days: -1))       // the 15th day back: outside
        store.checkIn("S2", on: Self.today)                   // after the day: outside
        store.openCase("S5", at: Self.at(day, 23, 30))        // 15:30 UTC of `day`
        store.openCase("S4", at: Self.at(day.adding(days: -1), 0, 30), stillOpen: false)  // 16:30 UTC the day before: still this day
        store.openCase("S3", at: Self.at(first, 0, 0))
        store.swab(at: Self.at(day, 8))
        store.swab(at: Self.at(day, 23, 59))
        store.swab(at: Self.at(Self.today, 0, 0))             // the next day's first instant: outside

        let overview = try await Self.service(store).overview(on: day, by: Self.leader)

        #expect(overview.trend.count == OverviewService.trendDays && OverviewService.trendDays == 14)
        #expect(overview.trend.map(\.day) == (0..<14).map { first.adding(days: $0) })
        let last = try #require(overview.trend.last)
        #expect(last == Overview.TrendDay(day: day, expected: 5, reported: 5, percent: 100, abnormal: 1, casesOpened: 1, samples: 2))
        #expect(overview.trend[12].casesOpened == 1, "00:30 school time is that day, though it is the day before in UTC")
        #expect(overview.trend[0] == Overview.TrendDay(day: first, expected: 5, reported: 1, percent: 20, abnormal: 1, casesOpened: 1, samples: 0))
        let quiet = overview.trend[1..<12]
        #expect(quiet.allSatisfy { $0.reported == 0 && $0.percent == 0 && $0.abnormal == 0 && $0.casesOpened == 0 && $0.samples == 0 && $0.expected == 5 })
        let windows = try #require(store.windows.first)
        #expect(windows.map(\.day) == overview.trend.map(\.day))
        #expect(windows.allSatisfy { $0.end.timeIntervalSince($0.start) == 86_400 && $0.start == Self.at($0.day, 0) })
    }

    @Test("The glance: the school's figures are the colleges' sums and agree with the trend's last day; open cases and leaves as they are now; the day's campaign, or else the latest before it")
    func glance() async throws {
        let store = MemoryOverviewStore(Self.students)
        store.checkIn("S1", on: Self.today)
        store.checkIn("S4", on: Self.today, abnormal: true)
        store.openCase("S4", at: Self.at(Self.today, 8))
        store.openCase("S1", at: Self.at(Self.today.adding(days: -20), 8))
        store.openCase("S2", at: Self.at(Self.today.adding(days: -3), 8), stillOpen: false)
        store.setLeaves(LeaveCounts(overdue: 2, pending: 3))
        store.hold(CampaignCoverage(name: "早", day: Self.today.adding(days: -2), expected: 5, tested: 5))
        store.hold(CampaignCoverage(name: "前天第二轮", day: Self.today.adding(days: -2), expected: 3, tested: 2))
        store.hold(CampaignCoverage(name: "明天", day: Self.today.adding(days: 1), expected: 5, tested: 0))

        let overview = try await Self.service(store).overview(by: Self.leader)

        #expect(overview.day == Self.today, "no day means today in the school's time zone")
        #expect(overview.glance == Overview.Glance(expected: 5, reported: 2, percent: 40, abnormal: 1, openCases: 2, overdueLeaves: 2, pendingLeaves: 3,
                                                   testing: CampaignCoverage(name: "前天第二轮", day: Self.today.adding(days: -2), expected: 3, tested: 2)))
        #expect(overview.glance.testing?.percent == 66)
        #expect(overview.trend.last?.reported == overview.glance.reported && overview.trend.last?.expected == overview.glance.expected)
        let earlier = try await Self.service(store).overview(on: Self.today.adding(days: -3), by: Self.leader)
        #expect(earlier.glance.testing == nil, "no campaign was held on or before that day")
    }

    @Test("Percentages round down, and nobody expected is 100 %, never a division by zero")
    func percentages() async throws {
        #expect(Share.percent(2, of: 3) == 66 && Share.percent(999, of: 1000) == 99 && Share.percent(3, of: 3) == 100)
        #expect(Share.percent(0, of: 0) == 100)
        let empty = try await Self.service(MemoryOverviewStore([])).overview(by: Self.leader)
        #expect(empty.glance.expected == 0 && empty.glance.percent == 100)
        #expect(empty.trend.count == 14 && empty.trend.allSatisfy { $0.expected == 0 && $0.percent == 100 })
        #expect(empty.campuses.isEmpty && empty.buildings.isEmpty && empty.colleges.isEmpty)
        #expect(Overview.UnitLine(key: "空楼", figures: UnitFigures(expected: 0, reported: 0, abnormal: 0, openCases: 0)).percent == 100)
        #expect(CampaignCoverage(name: "全员豁免", day: Self.today, expected: 0, tested: 0).percent == 100)
    }

    @Test("Units come worst first, compared exactly (2 of 3 before 7 of 10), then the most missing, then by name with numbers as numbers; a unit nobody is expected in counts as complete")
    func ordering() async throws {
        func f(_ expected: Int, _ reported: Int) -> UnitFigures { UnitFigures(expected: expected, reported: reported, abnormal: 0, openCases: 0) }
        let lines = OverviewService.worstFirst([
            "10号楼": f(4, 4), "2号楼": f(4, 4), "空楼": f(0, 0), "A": f(10, 7), "B": f(3, 2), "C": f(20, 14), "D": f(1, 0),
        ])
        #expect(lines.map(\.key) == ["D", "B", "C", "A", "2号楼", "10号楼", "空楼"])
        #expect(lines.map(\.percent) == [0, 66, 70, 70, 100, 100, 100])

        let store = MemoryOverviewStore(Self.students)
        for s in ["S1", "S2", "S4"] { store.checkIn(s, on: Self.today) }
        let overview = try await Self.service(store).overview(by: Self.leader)
        #expect(overview.buildings.map(\.key) == ["", "2号楼", "1号楼", "10号楼"], "S5 has no building: a unit of its own, and missing")
        #expect(overview.buildings.first?.figures == f(1, 0))
        #expect(overview.campuses.map(\.key) == ["北校区", "南校区"] && overview.campuses.map(\.percent) == [50, 66])
        #expect(overview.colleges.map(\.key) == ["机电工程学院", "信息工程学院"], "1 of 2 before 2 of 3")
    }

    @Test("Only administrators, leaders and read:all tokens read the overview; a counsellor, a secretary, a building leader, a student and a token without read:all are refused; a day after today is refused")
    func readers() async throws {
        let service = Self.service(MemoryOverviewStore(Self.students))
        for reader in [Self.actor([.admin]), Self.leader, Self.actor([], kind: .integration, tokenScopes: ["read:all"])] {
            #expect(try await service.overview(by: reader).day == Self.today)
        }
        let refused = [
            Self.actor([.counsellor], scope: Scope(units: [UnitKey(.class, "信息2101")])),
            Self.actor([.secretary], scope: Scope(units: [UnitKey(.college, "信息工程学院")])),
            Self.actor([.buildingLeader], scope: Scope(units: [UnitKey(.building, "1号楼")])),
            Self.actor([.student], kind: .student, scope: Scope(students: ["S1"])),
            Self.actor([], kind: .integration, tokenScopes: ["checkin:write"]),
        ]
        for actor in refused {
            do {
                _ = try await service.overview(by: actor)
                Issue.record("\(actor.roles) \(actor.tokenScopes) read the overview")
            } catch let error as DomainError {
                #expect(error.kind == .forbidden)
            }
        }
        do {
            _ = try await service.overview(on: Self.today.adding(days: 1), by: Self.leader)
            Issue.record("tomorrow was answered")
        } catch let error as DomainError {
            #expect(error.kind == .invalid && error.fieldErrors.map(\.field) == ["date"])
        }
    }
}
