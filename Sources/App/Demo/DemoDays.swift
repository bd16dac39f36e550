import CampusKit
import Cases
import CheckIns
import DemoCollege
import Foundation
import Reports
import Roster
import Storage

/// The demo college's last 14 days and today: check-ins (about 97 % a day, a few late, today about 85 % by
/// mid-morning), a handful of abnormal answers with their cases (older ones closed), the units' daily reports,
/// and a few students whose check-ins look scripted, so every page has something true to show.
/// Deterministic for a given seed and day.
struct DemoDays {
    let app: ShouhuApp
    var seed: UInt64 = 7
    var pastDays = 14

    struct Plan {
        var routine: [CheckIn] = []
        var abnormal: [(checkIn: CheckIn, student: Student)] = []
    }

    /// Generates and stores the days, one day at a time so memory stays flat; returns how many check-ins were written.
    @discardableResult
    func load() async throws -> Int {
        let students = try await activeStudents()
        let store = SQLCheckInStore(database: app.database)
        let byNumber = Dictionary(students.map { ($0.studentNo, $0) }, uniquingKeysWith: { a, _ in a })
        var random = SplitMix64(seed: seed)
        var written = 0
        for back in (0...pastDays).reversed() {
            let plan = day(back, students: students, now: app.clock.now(), timeZone: app.config.timeZone, random: &random)
            try await store.importHistory(plan.routine, students: byNumber, school: app.school)
            try await recordAbnormal(plan.abnormal, store: store)
            written += plan.routine.count + plan.abnormal.count
        }
        try await attestPastReports(students: students)
        return written
    }

    private func activeStudents() async throws -> [Student] { try await app.activeStudentsForDemo() }

    /// Every day at once (for tests): the same data `load` writes day by day.
    func generate(students: [Student], now: Date, timeZone: TimeZone) -> Plan {
        var random = SplitMix64(seed: seed)
        var plan = Plan()
        for back in (0...pastDays).reversed() {
            let one = day(back, students: students, now: now, timeZone: timeZone, random: &random)
            plan.routine += one.routine
            plan.abnormal += one.abnormal
        }
        return plan
    }

    /// The check-ins of the day `back` days before today.
    func day(_ back: Int, students: [Student], now: Date, timeZone: TimeZone, random: inout SplitMix64) -> Plan {
        var plan = Plan()
        let today = CampusDay(now, in: timeZone)
        let minuteNow = CheckInPolicy.minuteOfDay(now, in: timeZone)
        // Three students run a timer script every morning; six students' answers come from one laptop on some days.
        let scripted = Set(students.dropFirst(100).prefix(3).map(\.studentNo))
        let laptop = Set(students.dropFirst(200).prefix(6).map(\.studentNo))
        do {
            let noon = CheckInPolicy.instant(today, minutes: 12 * 60, in: timeZone).addingTimeInterval(Double(-back) * 86_400)
            let day = CampusDay(noon, in: timeZone)
            let isToday = back == 0
            // Today fills from 06:00 to about 85 % by 09:00; before 06:00 nobody has checked in yet.
            let share = isToday ? 0.85 * min(1, max(0, Double(minuteNow - 360) / 180)) : 0.97
            for student in students {
                guard random.chance(share) else { continue }
                var minute = random.chance(0.03) ? random.int(in: 600...720) : random.int(in: 360...599)
                var second = random.int(in: 0...59)
                var answers = Answers(temperature: Double(random.int(in: 358...369)) / 10, onCampus: !random.chance(0.01), city: nil)
                if !answers.onCampus { answers.city = random.pick(["杭州", "宁波", "温州", "上海"]) }
                var channel: CheckIn.Channel = random.chance(0.9) ? .page : .api
                var client = ClientInfo(address: "10.\(random.int(in: 1...30)).\(random.int(in: 0...255)).\(random.int(in: 1...254))",
                                        userAgent: random.pick(DemoDays.agents), formSeconds: channel == .page ? Double(random.int(in: 4...60)) : nil)
                if scripted.contains(student.studentNo) {
                    (minute, second, answers, channel) = (7 * 60, random.int(in: 0...20), Answers(temperature: 36.5), .api)
                    client = ClientInfo(address: "10.9.9.9", userAgent: "python-requests/2.31")
                } else if laptop.contains(student.studentNo) && back % 3 == 1 {
                    (minute, channel) = (8 * 60 + 5, .api)
                    client = ClientInfo(address: "10.8.8.8", userAgent: "Mozilla/5.0 (Windows NT 10.0) Chrome/120")
                }
                if isToday && minute >= minuteNow { minute = max(0, minuteNow - 1 - random.below(max(1, minuteNow - 360))); second = 0 }
                let at = CheckInPolicy.instant(day, minutes: minute, in: timeZone).addingTimeInterval(Double(second))
                let abnormal = !scripted.contains(student.studentNo) && random.chance(0.0006)
                if abnormal {
                    switch random.below(4) {
                    case 0: answers.temperature = Double(random.int(in: 373...386)) / 10
                    case 1: answers.symptoms = [random.pick([Symptom.cough, .soreThroat, .fatigue])]
                    case 2: answers.temperature = Double(random.int(in: 374...381)) / 10; answers.symptoms = [.fever, .cough]
                    default: answers.healthCode = .yellow
                    }
                }
                let checkIn = CheckIn(id: String(format: "demo-%016llx", random.next()), studentNo: student.studentNo, day: day, submittedAt: at,
                                      answers: answers, late: minute >= 600, submittedBy: student.studentNo, channel: channel, client: client)
                if abnormal { plan.abnormal.append((checkIn, student)) } else { plan.routine.append(checkIn) }
            }
        }
        return plan
    }

    static let agents = [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 MicroMessenger/8.0.49",
        "Mozilla/5.0 (Linux; Android 14; 2211133C) AppleWebKit/537.36 Chrome/118.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 13; V2227A) AppleWebKit/537.36 Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.47",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
    ]

    /// Abnormal check-ins go through the real path (the check-in, its case and the alerts in one unit of work); cases
    /// older than yesterday are closed again, as their counsellors would have.
    private func recordAbnormal(_ items: [(checkIn: CheckIn, student: Student)], store: SQLCheckInStore) async throws {
        let caseStore = SQLCaseStore(database: app.database)
        let tz = app.config.timeZone
        let yesterday = CampusDay(app.clock.now().addingTimeInterval(-86_400), in: tz)
        let follow = AbnormalCheckInCases(cases: app.cases)
        let school = app.school
        for (checkIn, student) in items {
            let recent = checkIn.day >= yesterday
            try await app.database.perform {
                _ = try await store.record(checkIn, school: school, claim: nil)
                try await follow.abnormal(checkIn, summary: CheckInService.summary(checkIn.answers), school: school)
            }
            if !recent, let open = try await caseStore.cases(school: app.school, filter: CaseFilter(studentNo: student.studentNo, status: .open),
                                                             scope: .school, page: PageRequest(limit: 5)).items.first {
                _ = try await caseStore.close(school: app.school, id: open.id, outcome: "复测体温正常，已返校上课（演示数据）",
                                              by: student.counsellor ?? "system", at: checkIn.submittedAt.addingTimeInterval(6 * 3600))
            }
        }
    }

    /// Every past day's units attested by their secretary or building leader, some after the deadline.
    private func attestPastReports(students: [Student]) async throws {
        let tz = app.config.timeZone
        let store = SQLReportStore(database: app.database)
        let staff = try await app.rosterStore.staff(school: app.school)
        let policy = try await app.checkIns.policy(school: app.school)
        var random = SplitMix64(seed: seed &+ 1)
        let today = CampusDay(app.clock.now(), in: tz)
        for back in (1...pastDays).reversed() {
            let day = CampusDay(CheckInPolicy.instant(today, minutes: 12 * 60, in: tz).addingTimeInterval(Double(-back) * 86_400), in: tz)
            var reports: [DailyReport] = []
            for (unit, figures) in try await store.figures(school: app.school, day: day).sorted(by: { $0.key.key < $1.key.key }) {
                let role: Role = unit.level == .college ? .secretary : .buildingLeader
                guard let who = staff.first(where: { $0.roles.contains(role) && $0.scope.contains(unit.key) }) else { continue }
                let late = random.chance(0.08)
                let minute = late ? policy.reportDeadline + random.int(in: 5...90) : policy.reportDeadline - random.int(in: 20...240)
                reports.append(DailyReport(day: day, unit: unit, figures: figures, zero: figures.isZero, note: "",
                                           attestedBy: who.staffNo, attestedName: who.name,
                                           attestedAt: CheckInPolicy.instant(day, minutes: minute, in: tz), late: late))
            }
            // Saved side by side, so SQLite's group commit writes a day's reports with one sync.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for report in reports { group.addTask { try await store.save(report, school: app.school) } }
                try await group.waitForAll()
            }
        }
    }
}

extension ShouhuApp {
    /// Every active student, by student number (the demo's generators walk them in this order).
    func activeStudentsForDemo() async throws -> [Student] {
        var all: [Student] = []
        var after: String?
        repeat {
            let page = try await roster.students(matching: StudentFilter(status: .active), page: PageRequest(limit: 1000, after: after),
                                                 by: systemActor)
            all += page.items
            after = page.next
        } while after != nil
        return all
    }
}
