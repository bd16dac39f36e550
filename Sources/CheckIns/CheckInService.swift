import CampusKit
import Foundation
import Roster

/// The daily check-in's use cases: submitting (by the student, on their behalf, or by another system),
/// a student's status and history, and completeness and missing lists within the caller's scope.
public struct CheckInService: Sendable {
    private let store: any CheckInStore
    private let roster: any RosterStore
    private let work: any UnitOfWork
    private let abnormal: any AbnormalCheckInFollowUp
    private let clock: any Clock
    private let audit: any AuditLog
    public let timeZone: TimeZone

    public init(store: any CheckInStore, roster: any RosterStore, work: any UnitOfWork, abnormal: any AbnormalCheckInFollowUp,
                clock: any Clock, timeZone: TimeZone, audit: any AuditLog) {
        self.store = store
        self.roster = roster
        self.work = work
        self.abnormal = abnormal
        self.clock = clock
        self.timeZone = timeZone
        self.audit = audit
    }

    /// The campus day it is now.
    public var today: CampusDay { CampusDay(clock.now(), in: timeZone) }

    /// Checks and stores a check-in; an abnormal one is handed to the `AbnormalCheckInFollowUp` (which opens or
    /// adds to the student's case and tells the people responsible) in the same unit of work. Returns the receipt and whether it was a replay
    /// of an earlier request with the same `idempotencyKey`.
    ///
    /// Students submit for themselves; staff for students within their scope (代报); integrations need `checkin:write`.
    public func submit(_ submission: Submission, by actor: Actor, idempotencyKey: String? = nil, client: ClientInfo = ClientInfo(),
                       viaPage: Bool = false) async throws -> (receipt: Receipt, replayed: Bool) {
        let answers = try Answers.validate(temperature: submission.temperature, symptoms: submission.symptoms,
                                           onCampus: submission.onCampus, city: submission.city, healthCode: submission.healthCode,
                                           riskContact: submission.riskContact, remark: submission.remark)
        let (student, channel) = try await subject(submission.studentNo, actor: actor, viaPage: viaPage)
        guard student.status == .active else {
            throw DomainError.invalid("学生 \(student.studentNo) 当前不在校（\(student.status.rawValue)），无需打卡 (the student is not active)", field: "studentNo")
        }
        if let key = idempotencyKey, key.isEmpty || key.count > 200 {
            throw DomainError.invalid("Idempotency-Key 应为 1–200 个字符 (Idempotency-Key must be 1–200 characters)", field: "Idempotency-Key")
        }
        let now = clock.now()
        let policy = try await store.policy(school: actor.school)
        let checkIn = CheckIn(id: UUID().uuidString.lowercased(), studentNo: student.studentNo, day: CampusDay(now, in: timeZone),
                              submittedAt: now, answers: answers, late: policy.isLate(now, in: timeZone),
                              submittedBy: actor.username, channel: channel, client: client)
        let claim = idempotencyKey.map { IdempotencyClaim(key: $0, owner: actor.accountID, fingerprint: student.studentNo + "|" + answers.fingerprint) }
        // The entry commits in the check-in's own transaction (or not at all).
        let entry = AuditEntry(actor, at: now, action: "checkin.submit", subject: student.studentNo,
                               detail: "\(channel.rawValue)\(checkIn.abnormal ? ", 异常 (abnormal)" : "")\(checkIn.late ? ", 迟报 (late)" : "")")
        let (store, abnormal, school) = (self.store, self.abnormal, actor.school)
        let outcome = try await audit.recording(entry) {
            guard checkIn.abnormal else { return try await store.record(checkIn, school: school, claim: claim) }
            return try await work.perform {
                let outcome = try await store.record(checkIn, school: school, claim: claim)
                if case .recorded = outcome { try await abnormal.abnormal(checkIn, summary: Self.summary(answers), school: school) }
                return outcome
            }
        }
        switch outcome {
        case .recorded(let receipt): return (receipt, false)
        case .replayed(let receipt): return (receipt, true)
        case .keyReused:
            throw DomainError.conflict("此 Idempotency-Key 已用于另一份打卡 (this Idempotency-Key was used for a different check-in)")
        }
    }

    /// The student a submission is about, if the actor may submit for them, and how it arrived.
    private func subject(_ number: String, actor: Actor, viaPage: Bool) async throws -> (Student, CheckIn.Channel) {
        switch actor.kind {
        case .student:
            guard number == actor.username else {
                throw DomainError.forbidden("学生只能为本人打卡 (students check in for themselves only)")
            }
            return (try await find(number, school: actor.school, scope: .school), viaPage ? .page : .api)
        case .integration:
            guard actor.tokenScopes.contains("checkin:write") else {
                throw DomainError.forbidden("此令牌没有 checkin:write 权限 (the token lacks the checkin:write scope)")
            }
            return (try await find(number, school: actor.school, scope: .school), .integration)
        case .staff:
            return (try await find(number, school: actor.school, scope: actor.scope), .staff)
        }
    }

    private func find(_ number: String, school: SchoolID, scope: Scope) async throws -> Student {
        guard let student = try await roster.student(school: school, number: number, scope: scope) else {
            throw DomainError(.notFound, "没有学号为 \(number) 的学生 (no such student)", fieldErrors: [FieldError(field: "studentNo", message: "unknown student")])
        }
        return student
    }

    /// One Chinese line saying what was abnormal, for timelines and notifications.
    public static func summary(_ answers: Answers) -> String {
        var parts: [String] = []
        for reason in answers.reasons {
            switch reason {
            case .temperature: parts.append("体温 \(String(format: "%.1f", answers.temperature))℃")
            case .symptoms: parts.append("症状：" + answers.symptoms.map(\.chineseName).joined(separator: "、"))
            case .healthCode: parts.append("健康码 \(answers.healthCode == .red ? "红码" : "黄码")")
            case .riskContact: parts.append("有风险接触")
            }
        }
        return parts.joined(separator: "；")
    }

    /// The check-in that counts today for the actor (a student), if any, and the school's timetable.
    /// Health details: the same readers as `history`, and audited like it.
    public func status(of studentNo: String, by actor: Actor) async throws -> (today: CheckIn?, policy: CheckInPolicy) {
        try await requireHealthReader(studentNo, actor: actor)
        async let counted = store.counted(school: actor.school, studentNo: studentNo, day: today)
        async let policy = store.policy(school: actor.school)
        let found = (today: try await counted, policy: try await policy)
        if !Self.isOwn(studentNo, actor) {
            try await audit.record(AuditEntry(actor, at: clock.now(), action: "checkin.status.read", subject: studentNo,
                                              detail: found.today == nil ? "今日未打卡 (none today)" : "今日已打卡 (checked in today)"))
        }
        return found
    }

    /// A student's check-ins over the last `days` days, newest first: health details (temperature, symptoms, health
    /// code, remark), so only the student themself, staff with the student in scope, and `read:all` integrations may
    /// read them — not room or floor leaders. Every reading by someone other than the student is audited before it is
    /// returned.
    public func history(of studentNo: String, days: Int = 14, by actor: Actor) async throws -> [CheckIn] {
        try await requireHealthReader(studentNo, actor: actor)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let since = CampusDay(calendar.date(byAdding: .day, value: -(days - 1), to: clock.now())!, in: timeZone)
        let found = try await store.history(school: actor.school, studentNo: studentNo, since: since, limit: days * 4)
        if !Self.isOwn(studentNo, actor) {
            try await audit.record(AuditEntry(actor, at: clock.now(), action: "checkin.history.read", subject: studentNo,
                                              detail: "\(days) 天 \(found.count) 条 (\(days) days, \(found.count) check-ins)"))
        }
        return found
    }

    /// A student reading their own declarations discloses nothing to anyone else: not audited.
    private static func isOwn(_ studentNo: String, _ actor: Actor) -> Bool {
        actor.kind == .student && actor.username == studentNo
    }

    /// Who may read a student's health declarations: the student, staff with the student in scope, and integrations
    /// holding `read:all` (`checkin:write` only submits).
    private func requireHealthReader(_ studentNo: String, actor: Actor) async throws {
        switch actor.kind {
        case .student:
            guard studentNo == actor.username else {
                throw DomainError.forbidden("学生只能查看本人的健康打卡记录 (students may read only their own check-ins)")
            }
            _ = try await find(studentNo, school: actor.school, scope: .school)
        case .integration:
            guard actor.tokenScopes.contains("read:all") else {
                throw DomainError.forbidden("此令牌没有 read:all 权限，不能读取打卡记录 (the token lacks the read:all scope)")
            }
            _ = try await find(studentNo, school: actor.school, scope: .school)
        case .staff:
            _ = try await find(studentNo, school: actor.school, scope: actor.scope)
        }
    }

    /// Completeness on `day` at `level`, for the students the actor may see.
    public func completeness(on day: CampusDay, by level: UnitKey.Level, actor: Actor) async throws -> Completeness {
        let groups = try await store.completeness(school: actor.school, day: day, level: level, scope: actor.scope)
        return Completeness(day: day, level: level, groups: groups)
    }

    /// Active students the actor may see, matching `filter`, with no check-in on `day`.
    public func missing(on day: CampusDay, filter: StudentFilter, page: PageRequest, actor: Actor) async throws -> Page<MissingStudent> {
        try await store.missing(school: actor.school, day: day, filter: filter, scope: actor.scope, page: page)
    }

    /// The school's check-in timetable.
    public func policy(school: SchoolID) async throws -> CheckInPolicy { try await store.policy(school: school) }

    /// Changes the timetable; administrators and the student-affairs office only.
    public func setPolicy(_ policy: CheckInPolicy, by actor: Actor) async throws {
        guard actor.isAdmin || !actor.roles.isDisjoint(with: CheckInPermissions.timetableEditors) else {
            throw DomainError.forbidden("只有管理员或学工处可以修改打卡时间 (only administrators may change the check-in timetable)")
        }
        try await store.setPolicy(policy, school: actor.school)
    }
}

extension CheckInService {
    /// Staff roles that review integrity signals of the students in their scope.
    public static let reviewerRoles: Set<Role> = CheckInPermissions.reviewers

    /// Integrity signals among the submissions of the last `days` days of students within the actor's scope.
    public func integritySignals(days: Int = 7, review: IntegrityReview = IntegrityReview(), by actor: Actor) async throws -> [IntegritySignal] {
        guard actor.kind == .staff, !actor.roles.isDisjoint(with: Self.reviewerRoles) else {
            throw DomainError.forbidden("您无权查看打卡诚信提示 (you may not review check-in integrity)")
        }
        guard (1...31).contains(days) else { throw DomainError.invalid("days 应为 1 到 31 (days must be 1–31)", field: "days") }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let from = CampusDay(calendar.date(byAdding: .day, value: -(days - 1), to: clock.now())!, in: timeZone)
        // Patterns span students (one client for a whole floor), so they are found school-wide and then shown
        // only for the students the actor may see.
        let submissions = try await store.submissions(school: actor.school, from: from, to: today, scope: .school)
        let signals = review.signals(in: submissions, timeZone: timeZone)
        if actor.scope.wholeSchool { return signals }
        var visible: Set<String> = []
        var after: String?
        repeat {
            let page = try await roster.students(school: actor.school, filter: StudentFilter(), scope: actor.scope,
                                                 page: PageRequest(limit: PageRequest.maximumLimit, after: after))
            visible.formUnion(page.items.map(\.studentNo))
            after = page.next
        } while after != nil
        return signals.filter { visible.contains($0.studentNo) }
    }
}

extension Symptom {
    /// The symptom as a Chinese form shows it.
    public var chineseName: String {
        switch self {
        case .fever: "发热"
        case .cough: "咳嗽"
        case .soreThroat: "咽痛"
        case .fatigue: "乏力"
        case .lossOfTasteSmell: "嗅味觉减退"
        case .diarrhea: "腹泻"
        case .shortnessOfBreath: "气促"
        case .other: "其他"
        }
    }
}
