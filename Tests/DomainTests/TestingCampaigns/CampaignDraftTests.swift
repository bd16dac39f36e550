import CampusKit
import Foundation
import TestingCampaigns
import Testing

@Suite("CampaignDraft: checking a campaign a planner asks for")
struct CampaignDraftTests {
    static func draft(name: String = "全员核酸 第1轮", day: String = "2026-11-20", kind: String = "full", poolSize: Int = 10,
                      buildings: [String] = [], students: [String] = [], sites: [Site] = [], capacityPerHour: Int = 240,
                      startTime: String = "07:00") -> CampaignDraft {
        CampaignDraft(name: name, day: day, kind: kind, poolSize: poolSize, buildings: buildings, students: students, sites: sites,
                      capacityPerHour: capacityPerHour, startTime: startTime)
    }

    /// The fields a draft is refused for; fails the test when the draft is accepted.
    static func refusedFields(_ draft: CampaignDraft) throws -> [String] {
        let error = try #require(throws: DomainError.self) { try draft.validated() }
        #expect(error.kind == .invalid)
        return TestingTestData.fields(error)
    }

    @Test("A good full draft is accepted with its values: the day parsed, the start in minutes, the defaults kept")
    func goodFullDraft() throws {
        let valid = try Self.draft(name: "  全员核酸 第1轮 \n", startTime: "07:30").validated()
        #expect(valid == ValidDraft(name: "全员核酸 第1轮", day: CampusDay("2026-11-20")!, kind: .full, poolSize: 10, buildings: [],
                                    students: [], sites: [], capacityPerHour: 240, startMinute: 450))
    }

    @Test("A good targeted draft is accepted")
    func goodTargetedDraft() throws {
        let valid = try Self.draft(kind: "targeted", students: ["2021010101"]).validated()
        #expect(valid.kind == .targeted)
        #expect(valid.students == ["2021010101"])
    }

    @Test("A blank or over-long name is named", arguments: ["", "   ", "\n\t", String(repeating: "名", count: 101)])
    func badName(name: String) throws {
        #expect(try Self.refusedFields(Self.draft(name: name)) == ["name"])
    }

    @Test("A name of exactly 100 characters is accepted")
    func nameAtLimit() throws {
        #expect(try Self.draft(name: String(repeating: "名", count: 100)).validated().name.count == 100)
    }

    @Test("A date that is not YYYY-MM-DD, or impossible, is named `date`", arguments: ["", "2026-11-31", "2026/11/20", "20261120", "tomorrow"])
    func badDate(day: String) throws {
        #expect(try Self.refusedFields(Self.draft(day: day)) == ["date"])
    }

    @Test("A kind other than full or targeted is named", arguments: ["", "Full", "partial", "rotation"])
    func badKind(kind: String) throws {
        #expect(try Self.refusedFields(Self.draft(kind: kind)) == ["kind"])
    }

    @Test("A pool size outside 1–20 is named", arguments: [0, 21, -1, 100])
    func badPoolSize(poolSize: Int) throws {
        #expect(try Self.refusedFields(Self.draft(poolSize: poolSize)) == ["poolSize"])
    }

    @Test("Pool sizes 1 and 20 (the ends of the range) are accepted", arguments: [1, 20])
    func poolSizeBounds(poolSize: Int) throws {
        #expect(try Self.draft(poolSize: poolSize).validated().poolSize == poolSize)
    }

    @Test("A targeted draft without students is refused on `students`")
    func targetedWithoutStudents() throws {
        #expect(try Self.refusedFields(Self.draft(kind: "targeted", students: [])) == ["students"])
    }

    @Test("A full draft that lists students is refused on `students`")
    func fullWithStudents() throws {
        #expect(try Self.refusedFields(Self.draft(kind: "full", students: ["2021010101"])) == ["students"])
    }

    @Test("More than 20,000 students is refused on `students`")
    func tooManyStudents() throws {
        let students = (0...20_000).map { "S\($0)" }
        #expect(try Self.refusedFields(Self.draft(kind: "targeted", students: students)) == ["students"])
    }

    @Test("More than 500 buildings is refused on `scope.buildings`")
    func tooManyBuildings() throws {
        #expect(try Self.refusedFields(Self.draft(buildings: (0...500).map { "B\($0)" })) == ["scope.buildings"])
    }

    @Test("A start time that is not HH:MM is named `startTime`",
          arguments: ["", "7", "24:00", "07:60", "0700", "07:5", "07:00:00", "ab:cd", "-1:00", "007:00"])
    func badStartTime(startTime: String) throws {
        #expect(try Self.refusedFields(Self.draft(startTime: startTime)) == ["startTime"])
    }

    /// `Int(_:)` alone accepts a sign: "07:+5" was read as 07:05 and "+7:00" as 07:00 (found by this test, now fixed).
    @Test("A sign inside a start time is refused", arguments: ["07:+5", "+7:00", "7:-0"])
    func signedStartTime(startTime: String) throws {
        #expect(CampaignDraft.minutes(startTime) == nil)
    }

    @Test("Start times are read into minutes after midnight", arguments: [("00:00", 0), ("7:05", 425), ("07:05", 425), ("23:59", 1439)])
    func startMinutes(text: String, minutes: Int) throws {
        #expect(try Self.draft(startTime: text).validated().startMinute == minutes)
        #expect(CampaignDraft.minutes(text) == minutes)
    }

    @Test("clock(_:) prints minutes as HH:MM and keeps counting past midnight")
    func clockText() {
        #expect(CampaignDraft.clock(0) == "00:00")
        #expect(CampaignDraft.clock(425) == "07:05")
        #expect(CampaignDraft.clock(1439) == "23:59")
        #expect(CampaignDraft.clock(1470) == "24:30")
    }

    @Test("An hourly capacity outside 10–2,000 is named", arguments: [0, 9, 2001])
    func badCapacity(capacity: Int) throws {
        #expect(try Self.refusedFields(Self.draft(capacityPerHour: capacity)) == ["capacityPerHour"])
    }

    @Test("Hourly capacities 10 and 2,000 are accepted", arguments: [10, 2000])
    func capacityBounds(capacity: Int) throws {
        #expect(try Self.draft(capacityPerHour: capacity).validated().capacityPerHour == capacity)
    }

    @Test("A bad site is named by its index and field")
    func badSites() throws {
        let sites = [
            Site(name: "北区采样点", capacityPerHour: 240),
            Site(name: "  ", capacityPerHour: 240),
            Site(name: "南区采样点", capacityPerHour: 5),
            Site(name: "", capacityPerHour: 2001),
            Site(name: String(repeating: "点", count: 101), capacityPerHour: 10),
        ]
        #expect(try Self.refusedFields(Self.draft(sites: sites))
            == ["sites[1].name", "sites[2].capacityPerHour", "sites[3].name", "sites[3].capacityPerHour", "sites[4].name"])
    }

    @Test("More than 50 sites is refused on `sites`")
    func tooManySites() throws {
        let sites = (0...50).map { Site(name: "点\($0)", capacityPerHour: 100) }
        #expect(try Self.refusedFields(Self.draft(sites: sites)) == ["sites"])
    }

    @Test("Fixed sites are kept in order with their names trimmed and no building")
    func sitesTrimmed() throws {
        let valid = try Self.draft(sites: [Site(name: " 北区采样点 ", building: "B1", capacityPerHour: 300), Site(name: "南区", capacityPerHour: 120)]).validated()
        #expect(valid.sites == [Site(name: "北区采样点", capacityPerHour: 300), Site(name: "南区", capacityPerHour: 120)])
    }

    @Test("Every problem is named at once")
    func allProblemsAtOnce() throws {
        let fields = try Self.refusedFields(Self.draft(name: "", day: "x", kind: "y", poolSize: 0, capacityPerHour: 0, startTime: "x"))
        #expect(Set(fields) == ["name", "date", "kind", "poolSize", "startTime", "capacityPerHour"])
    }

    @Test("Students are trimmed and a student listed twice is kept once, in first-listed order")
    func studentsDeduplicated() throws {
        let valid = try Self.draft(kind: "targeted", students: ["S3", " S1", "S3", "S2 ", "S1", "S2"]).validated()
        #expect(valid.students == ["S3", "S1", "S2"])
    }

    @Test("Buildings are trimmed, deduplicated, blank ones dropped and sorted")
    func buildingsTrimmedSorted() throws {
        let valid = try Self.draft(buildings: [" 3号楼", "1号楼 ", "", "  ", "3号楼", "2号楼"]).validated()
        #expect(valid.buildings == ["1号楼", "2号楼", "3号楼"])
    }
}

@Suite("RotationDraft: checking a rotation and naming each day's campaign")
struct RotationDraftTests {
    static func refusedFields(_ draft: RotationDraft) throws -> [String] {
        let error = try #require(throws: DomainError.self) { try draft.validated() }
        #expect(error.kind == .invalid)
        return TestingTestData.fields(error)
    }

    @Test("A start date that is not a date is named `startDate`", arguments: ["", "2026-02-30", "2026/11/20"])
    func badStart(startDate: String) throws {
        #expect(try Self.refusedFields(RotationDraft(startDate: startDate)) == ["startDate"])
    }

    @Test("Days outside 1–14 are named", arguments: [0, 15, -3])
    func badDays(days: Int) throws {
        #expect(try Self.refusedFields(RotationDraft(startDate: "2026-11-20", days: days)) == ["days"])
    }

    @Test("Days 1 and 14 are accepted", arguments: [1, 14])
    func dayBounds(days: Int) throws {
        let (start, draft) = try RotationDraft(startDate: "2026-11-20", days: days).validated()
        #expect(start == CampusDay("2026-11-20"))
        #expect(draft(days - 1).day == CampusDay("2026-11-20")!.adding(days: days - 1))
    }

    @Test("Pool size, capacity and start time are checked as for a campaign")
    func otherFields() throws {
        #expect(try Self.refusedFields(RotationDraft(startDate: "2026-11-20", poolSize: 0)) == ["poolSize"])
        #expect(try Self.refusedFields(RotationDraft(startDate: "2026-11-20", poolSize: 21)) == ["poolSize"])
        #expect(try Self.refusedFields(RotationDraft(startDate: "2026-11-20", capacityPerHour: 9)) == ["capacityPerHour"])
        #expect(try Self.refusedFields(RotationDraft(startDate: "2026-11-20", startTime: "25:00")) == ["startTime"])
    }

    @Test("Day n's draft is a targeted campaign on the start date plus n, named with its number and date, across a month end")
    func dayDrafts() throws {
        let rotation = RotationDraft(startDate: "2026-11-28", days: 5, buildings: [" B2", "B1", "B2 ", ""], poolSize: 5,
                                     capacityPerHour: 120, startTime: "06:30")
        let (start, draft) = try rotation.validated()
        #expect(start == CampusDay("2026-11-28"))
        let dates = (0..<5).map { draft($0).day.description }
        #expect(dates == ["2026-11-28", "2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02"])
        let third = draft(2)
        #expect(third == ValidDraft(name: "轮转抽检 第3/5天 2026-11-30", day: CampusDay("2026-11-30")!, kind: .targeted, poolSize: 5,
                                    buildings: ["B1", "B2"], students: [], sites: [], capacityPerHour: 120, startMinute: 390))
    }
}

@Suite("TestingSchedule: recurring full campaigns on days of the week")
struct TestingScheduleTests {
    static func schedule(name: String = "每周两次全员核酸", weekdays: [Int] = [1, 4], buildings: [String] = [], poolSize: Int = 10,
                         capacityPerHour: Int = 240, startMinute: Int = 420, active: Bool = true) -> TestingSchedule {
        TestingSchedule(id: "sch-1", name: name, weekdays: weekdays, buildings: buildings, poolSize: poolSize,
                        capacityPerHour: capacityPerHour, startMinute: startMinute, active: active)
    }

    static func refusedFields(_ schedule: TestingSchedule) throws -> [String] {
        let error = try #require(throws: DomainError.self) { try schedule.validated() }
        #expect(error.kind == .invalid)
        return TestingTestData.fields(error)
    }

    @Test("A good schedule is accepted with its name trimmed, weekdays deduplicated and sorted, buildings trimmed and sorted")
    func goodSchedule() throws {
        let valid = try Self.schedule(name: " 每周两次 ", weekdays: [4, 1, 4, 7], buildings: ["B2 ", " B1", "", "B2"]).validated()
        #expect(valid.name == "每周两次")
        #expect(valid.weekdays == [1, 4, 7])
        #expect(valid.buildings == ["B1", "B2"])
        #expect(valid.id == "sch-1")
    }

    @Test("Each bad field is named")
    func badFields() throws {
        #expect(try Self.refusedFields(Self.schedule(name: "  ")) == ["name"])
        #expect(try Self.refusedFields(Self.schedule(weekdays: [])) == ["weekdays"])
        #expect(try Self.refusedFields(Self.schedule(weekdays: [0, 1])) == ["weekdays"])
        #expect(try Self.refusedFields(Self.schedule(weekdays: [8])) == ["weekdays"])
        #expect(try Self.refusedFields(Self.schedule(poolSize: 0)) == ["poolSize"])
        #expect(try Self.refusedFields(Self.schedule(poolSize: 21)) == ["poolSize"])
        #expect(try Self.refusedFields(Self.schedule(capacityPerHour: 2001)) == ["capacityPerHour"])
        #expect(try Self.refusedFields(Self.schedule(startMinute: -1)) == ["startTime"])
        #expect(try Self.refusedFields(Self.schedule(startMinute: 1440)) == ["startTime"])
        #expect(try Self.schedule(weekdays: [1, 7], startMinute: 1439).validated().startMinute == 1439)
    }

    @Test("A schedule drafts a full campaign on its weekdays only: Monday 2026-11-30 and Thursday 2026-12-03 of Mon/Thu")
    func draftByWeekday() throws {
        let schedule = Self.schedule(weekdays: [1, 4], buildings: ["B1"], poolSize: 5, capacityPerHour: 300, startMinute: 450)
        let monday = CampusDay("2026-11-30")!
        let drafted = (0..<7).map { schedule.draft(for: monday.adding(days: $0)) != nil }
        #expect(drafted == [true, false, false, true, false, false, false])
        #expect(schedule.draft(for: monday) == ValidDraft(name: "每周两次全员核酸 2026-11-30", day: monday, kind: .full, poolSize: 5,
                                                          buildings: ["B1"], capacityPerHour: 300, startMinute: 450))
    }

    @Test("Sunday is 7: a Sunday schedule drafts on 2026-11-29")
    func sunday() {
        let schedule = Self.schedule(weekdays: [7])
        #expect(schedule.draft(for: CampusDay("2026-11-29")!) != nil)
        #expect(schedule.draft(for: CampusDay("2026-11-30")!) == nil)
        #expect(schedule.draft(for: CampusDay("2026-11-28")!) == nil)
    }

    @Test("An inactive schedule drafts nothing, even on its days")
    func inactive() {
        #expect(Self.schedule(weekdays: Array(1...7), active: false).draft(for: CampusDay("2026-11-30")!) == nil)
    }
}

@Suite("CampusDay: adding days and the ISO weekday")
struct CampusDayArithmeticTests {
    @Test("Adding days crosses month, year and leap-day boundaries", arguments: [
        ("2026-11-20", 0, "2026-11-20"),
        ("2026-11-30", 1, "2026-12-01"),
        ("2026-12-31", 1, "2027-01-01"),
        ("2027-01-01", -1, "2026-12-31"),
        ("2028-02-28", 1, "2028-02-29"),
        ("2028-02-29", 1, "2028-03-01"),
        ("2028-03-01", -1, "2028-02-29"),
        ("2026-02-28", 1, "2026-03-01"),
        ("2026-03-01", -1, "2026-02-28"),
        ("2026-11-20", -7, "2026-11-13"),
        ("2026-11-20", 14, "2026-12-04"),
        ("2026-01-01", 365, "2027-01-01"),
        ("2028-01-01", 365, "2028-12-31"),
        ("2000-02-28", 1, "2000-02-29"),
        ("2100-02-28", 1, "2100-03-01"),
    ])
    func adding(start: String, days: Int, expected: String) throws {
        let day = try #require(CampusDay(start))
        #expect(day.adding(days: days).description == expected)
    }

    @Test("Adding and then subtracting returns the same day for every day of 2027 and 2028")
    func roundTrip() throws {
        let first = try #require(CampusDay("2027-01-01"))
        var previous = first
        for n in 1..<731 {
            let day = first.adding(days: n)
            #expect(day > previous)
            #expect(day.adding(days: -n) == first)
            #expect(previous.adding(days: 1) == day)
            #expect(day.isoWeekday == (previous.isoWeekday % 7) + 1)
            previous = day
        }
        #expect(previous == CampusDay("2028-12-31"))
    }

    @Test("The ISO weekday of known dates: 1 = Monday … 7 = Sunday", arguments: [
        ("2026-11-29", 7), ("2026-11-30", 1), ("2026-12-01", 2), ("2026-11-20", 5), ("2026-11-28", 6),
        ("2000-01-01", 6), ("2024-02-29", 4), ("2028-02-29", 2), ("1999-12-31", 5), ("2026-11-26", 4), ("2026-11-25", 3),
    ])
    func isoWeekday(text: String, weekday: Int) throws {
        #expect(try #require(CampusDay(text)).isoWeekday == weekday)
    }
}
