import CampusKit
import Foundation
import Roster

/// Mass testing (全员核酸检测): planning campaigns and rotations, sampling into pooled tubes, applying lab results,
/// coverage and missing lists. Who may do what is decided here; the store keeps the rules that need a transaction.
public struct TestingService: Sendable {
    let store: any TestingStore
    let roster: any RosterStore
    let work: any UnitOfWork
    let followUp: any LabReportFollowUp
    let audit: any AuditLog
    let clock: any Clock
    let timeZone: TimeZone

    public init(store: any TestingStore, roster: any RosterStore, work: any UnitOfWork, followUp: any LabReportFollowUp, audit: any AuditLog,
                clock: any Clock, timeZone: TimeZone) {
        self.store = store
        self.roster = roster
        self.work = work
        self.followUp = followUp
        self.audit = audit
        self.clock = clock
        self.timeZone = timeZone
    }

    /// Plan campaigns and rotations, record lab results, exempt and close.
    public static let plannerRoles: Set<Role> = TestingPermissions.planners
    /// Take swabs at a sampling point (for the students in their scope); scanners use a `testing:write` token.
    public static let samplerRoles: Set<Role> = TestingPermissions.samplers
    /// Follow coverage and missing lists of their students.
    public static let viewerRoles: Set<Role> = TestingPermissions.viewers
    public static let writeScope = "testing:write"

    /// Where individual retests are taken, and how fast.
    public static let retestSite = Site(name: "校医院复检点", capacityPerHour: 60)

    // MARK: Planning

    /// A full campaign (every active student of the buildings, or of the school) or a targeted one (a list).
    public func createCampaign(_ draft: CampaignDraft, by actor: Actor) async throws -> CampaignPlan {
        try requirePlanner(actor)
        let valid = try draft.validated()
        let expected: [Examinee]
        switch valid.kind {
        case .full:
            expected = try await store.activeExaminees(school: actor.school, buildings: valid.buildings)
            if !valid.buildings.isEmpty {
                let known = Set(expected.compactMap(\.building))
                if let unknown = valid.buildings.first(where: { !known.contains($0) }) {
                    throw DomainError.invalid("楼栋 \(unknown) 没有在校学生 (no active students in building \(unknown))", field: "scope.buildings")
                }
            }
        case .targeted:
            expected = try await store.examinees(school: actor.school, numbers: valid.students)
            let known = Set(expected.map(\.studentNo))
            // Named by their place in the request as sent (before repeats were dropped).
            let unknown = draft.students.enumerated().map { ($0.offset, $0.element.trimmingCharacters(in: .whitespaces)) }
                .filter { !known.contains($0.1) }.map { (offset: $0.0, element: $0.1) }
            if !unknown.isEmpty {
                throw DomainError(.invalid, "有 \(unknown.count) 个学号不存在 (unknown students)",
                                  fieldErrors: unknown.prefix(50).map { FieldError(field: "students[\($0.offset)]", message: "没有学号为 \($0.element) 的学生 (unknown student)") })
            }
        }
        guard !expected.isEmpty else { throw DomainError.invalid("范围内没有在校学生 (nobody to test in this scope)", field: "scope") }
        let plan = SlotPlanner.campaign(valid, expected: expected, id: Self.newID(), by: actor.username, at: clock.now())
        _ = try await store.create(plan, school: actor.school)
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "testing.campaign.create", subject: plan.campaign.id,
                                          detail: "\(plan.campaign.name): \(expected.count) students, \(plan.sites.count) sites"))
        return plan
    }

    /// A rotation: every active student in scope once over the days, one campaign a day; with each day's plan.
    public func createRotation(_ draft: RotationDraft, by actor: Actor) async throws -> (rotation: Rotation, plans: [CampaignPlan]) {
        try requirePlanner(actor)
        let (start, dayDraft) = try draft.validated()
        let students = try await store.activeExaminees(school: actor.school, buildings: dayDraft(0).buildings)
        guard !students.isEmpty else { throw DomainError.invalid("范围内没有在校学生 (nobody to test in this scope)", field: "scope") }
        let (rotation, plans) = Self.rotation(students, start: start, days: draft.days, dayDraft: dayDraft, by: actor.username, at: clock.now())
        try await store.create(rotation, plans: plans, school: actor.school, by: actor.username, at: clock.now())
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "testing.rotation.create", subject: rotation.id,
                                          detail: "\(students.count) students over \(draft.days) days from \(start)"))
        return (rotation, plans)
    }

    /// The rotation and its days' campaigns for `students` (pure: what the benchmark times).
    public static func rotation(_ students: [Examinee], start: CampusDay, days: Int, dayDraft: (Int) -> ValidDraft, by: String,
                                at: Date) -> (Rotation, [CampaignPlan]) {
        let id = newID()
        let split = RotationPlanner.split(students, days: days)
        var plans: [CampaignPlan] = []
        var rotationDays: [Rotation.Day] = []
        for (n, group) in split.enumerated() {
            let plan = SlotPlanner.campaign(dayDraft(n), expected: group, id: newID(), origin: "rotation:\(id):\(n + 1)", by: by, at: at)
            plans.append(plan)
            rotationDays.append(Rotation.Day(day: plan.campaign.day, campaignId: plan.campaign.id, students: group.map(\.studentNo)))
        }
        return (Rotation(id: id, startDay: start, buildings: dayDraft(0).buildings, days: rotationDays), plans)
    }

    /// Recurring plans (admin, leader, clinic).
    public func saveSchedule(_ schedule: TestingSchedule, by actor: Actor) async throws -> TestingSchedule {
        try requirePlanner(actor)
        var valid = try schedule.validated()
        if valid.id.isEmpty {
            valid.id = Self.newID()
        } else if try await !store.schedules(school: actor.school).contains(where: { $0.id == valid.id }) {
            throw DomainError(.notFound, "没有这个定期检测计划 (no such schedule)", fieldErrors: [FieldError(field: "id", message: "unknown schedule")])
        }
        try await store.save(valid, school: actor.school, by: actor.username, at: clock.now())
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "testing.schedule.save", subject: valid.id,
                                          detail: "\(valid.name): weekdays \(valid.weekdays.map(String.init).joined(separator: ","))"))
        return valid
    }

    public func schedules(by actor: Actor) async throws -> [TestingSchedule] {
        try requireViewer(actor)
        return try await store.schedules(school: actor.school)
    }

    /// Creates today's campaigns of every active schedule that has not made one yet (a job; safe on many servers).
    /// Returns the plans of the campaigns created.
    public func runSchedules(school: SchoolID, day: CampusDay) async throws -> [CampaignPlan] {
        var created: [CampaignPlan] = []
        for schedule in try await store.schedules(school: school) {
            guard let draft = schedule.draft(for: day) else { continue }
            let expected = try await store.activeExaminees(school: school, buildings: draft.buildings)
            guard !expected.isEmpty else { continue }
            let plan = SlotPlanner.campaign(draft, expected: expected, id: Self.newID(), origin: "schedule:\(schedule.id):\(day)",
                                            by: "system", at: clock.now())
            if try await store.create(plan, school: school) { created.append(plan) }
        }
        return created
    }

    // MARK: Reading

    public func campaigns(limit: Int = 50, by actor: Actor) async throws -> [CampaignSummary] {
        try requireViewer(actor)
        let all = try await store.campaigns(school: actor.school, scope: actor.scope, limit: min(max(limit, 1), 200))
        // Staff with part of the school see the campaigns that test some of their students.
        return actor.scope.wholeSchool ? all : all.filter { $0.counts.expected + $0.counts.exempt > 0 }
    }

    public func campaign(_ id: String, by actor: Actor) async throws -> (campaign: Campaign, sites: [Site], slots: [Slot]) {
        guard actor.kind != .student else { throw DomainError.forbidden("学生无权查看检测计划 (students may not read plans)") }
        guard let found = try await store.campaign(school: actor.school, id: id) else { throw Self.unknownCampaign(id) }
        return found
    }

    /// Suggested tubes for the students of a campaign within the viewer's scope.
    public func pools(of id: String, by actor: Actor) async throws -> [SuggestedPool] {
        let (campaign, _, _) = try await self.campaign(id, by: actor)
        let expected = try await store.expected(school: actor.school, campaignId: id, scope: scope(of: actor))
        return PoolPlanner.pools(expected, poolSize: campaign.poolSize)
    }

    public func coverage(of id: String, groupBy: Coverage.GroupBy, by actor: Actor) async throws -> Coverage {
        try requireViewer(actor)
        guard try await store.campaign(school: actor.school, id: id) != nil else { throw Self.unknownCampaign(id) }
        return try await store.coverage(school: actor.school, campaignId: id, groupBy: groupBy, scope: actor.scope)
    }

    /// Who within the actor's scope was not tested by a campaign, with the reasons (leave, open case, off campus):
    /// health and whereabouts, so every reading — and every export (`exporting`) — is audited before it is returned.
    public func missing(of id: String, by actor: Actor, exporting: Bool = false) async throws -> [MissingStudent] {
        try requireViewer(actor)
        guard let (campaign, _, _) = try await store.campaign(school: actor.school, id: id) else { throw Self.unknownCampaign(id) }
        let day = DateInterval(start: campaign.day.instant(minutes: 0, in: timeZone), end: campaign.day.instant(minutes: 24 * 60, in: timeZone))
        let missing = try await store.missing(school: actor.school, campaignId: id, scope: actor.scope, day: day)
        try await audit.record(AuditEntry(actor, at: clock.now(), action: exporting ? "testing.missing.export" : "testing.missing.read",
                                          subject: id, detail: "\(campaign.day) 未检 \(missing.count) 人 (\(missing.count) missing)"))
        return missing
    }

    /// A tube with its members and result: health data, so reading it is audited.
    public func tube(_ code: String, by actor: Actor) async throws -> Tube {
        guard actor.kind != .student else { throw DomainError.forbidden("学生无权查看试管 (students may not read tubes)") }
        guard var tube = try await store.tube(school: actor.school, code: code) else {
            throw DomainError(.notFound, "没有试管 \(code) (no such tube)", fieldErrors: [FieldError(field: "tubeCode", message: "unknown tube")])
        }
        let visible = scope(of: actor)
        if !visible.wholeSchool {
            var inScope: [String] = []
            for m in tube.members where try await roster.student(school: actor.school, number: m, scope: visible) != nil { inScope.append(m) }
            guard !inScope.isEmpty else {
                throw DomainError(.notFound, "没有试管 \(code) (no such tube)", fieldErrors: [FieldError(field: "tubeCode", message: "unknown tube")])
            }
            tube.members = inScope
        }
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "testing.tube.read", subject: code, detail: "\(tube.members.count) members"))
        return tube
    }

    /// Tubes of a campaign, newest first (the sampling page's recent tubes), with the members within the actor's scope.
    public func tubes(of id: String, status: TubeStatus?, by actor: Actor) async throws -> [Tube] {
        try requireSampler(actor)
        guard try await store.campaign(school: actor.school, id: id) != nil else { throw Self.unknownCampaign(id) }
        let tubes = try await store.tubes(school: actor.school, campaignId: id, status: status, limit: 20)
        let visible = scope(of: actor)
        guard !visible.wholeSchool else { return tubes }
        // Who is in a tube is health data: a sampler with part of the school sees their students' tubes, and only them.
        let mine = Set(try await store.expected(school: actor.school, campaignId: id, scope: visible).map(\.studentNo))
        return tubes.compactMap { tube in
            var t = tube
            t.members = tube.members.filter(mine.contains)
            return t.members.isEmpty ? nil : t
        }
    }

    /// A student's own campaigns of the last week and ahead: site, slot, how it turned out.
    public func myTesting(by actor: Actor) async throws -> [StudentTesting] {
        guard actor.kind == .student else { throw DomainError.forbidden("仅学生本人可查看 (students only)") }
        let today = CampusDay(clock.now(), in: timeZone)
        return try await store.testing(of: actor.username, school: actor.school, since: today.adding(days: -7))
    }

    /// One student's campaigns of the last week and ahead, for staff who follow testing and have the student in
    /// scope: `.notFound` outside it. Audited: it says how a student's tests turned out.
    public func testing(of studentNo: String, by actor: Actor) async throws -> [StudentTesting] {
        guard actor.kind == .staff, TestingPermissions.mayView(actor) else {
            throw DomainError.forbidden("您无权查看检测情况 (you may not view testing)")
        }
        guard try await roster.student(school: actor.school, number: studentNo, scope: actor.scope) != nil else {
            throw DomainError.notFound("没有这名学生 (no such student)")
        }
        let today = CampusDay(clock.now(), in: timeZone)
        let found = try await store.testing(of: studentNo, school: actor.school, since: today.adding(days: -7))
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "testing.student.read", subject: studentNo, detail: "\(found.count) campaigns"))
        return found
    }

    // MARK: Sampling (lab results: TestingService+Results.swift)

    /// One swab into one tube at a sampling point.
    public func sample(_ scan: SampleScan, by actor: Actor) async throws -> SampleReceipt {
        try requireSampler(actor)
        let scan = try scan.validated()
        if actor.kind == .staff && !actor.scope.wholeSchool {
            guard try await roster.student(school: actor.school, number: scan.studentNo, scope: actor.scope) != nil else {
                throw DomainError(.notFound, "没有学号为 \(scan.studentNo) 的学生，或不在您的范围内 (no such student in your scope)",
                                  fieldErrors: [FieldError(field: "studentNo", message: "unknown student")])
            }
        }
        switch try await store.sample(scan, school: actor.school, by: actor.username, at: clock.now()) {
        case .success(let receipt): return receipt
        case .failure(let refusal): throw Self.error(refusal, scan: scan)
        }
    }

    /// Exempts an expected student who is not sampled (sick leave, off campus…) with a reason.
    public func exempt(_ studentNo: String, from id: String, reason: String, by actor: Actor) async throws {
        try requireViewer(actor)
        guard !actor.roles.isDisjoint(with: TestingPermissions.exempters) else {
            throw DomainError.forbidden("您无权免检学生 (you may not exempt students)")
        }
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 200 else { throw DomainError.invalid("请填写免检原因（最多 200 字）(state why, up to 200 characters)", field: "reason") }
        guard try await store.campaign(school: actor.school, id: id) != nil else { throw Self.unknownCampaign(id) }
        guard try await roster.student(school: actor.school, number: studentNo, scope: actor.scope) != nil else {
            throw DomainError(.notFound, "没有学号为 \(studentNo) 的学生 (no such student)", fieldErrors: [FieldError(field: "studentNo", message: "unknown student")])
        }
        guard try await store.exempt(school: actor.school, campaignId: id, studentNo: studentNo, reason: text, by: actor.username, at: clock.now()) else {
            throw DomainError.conflict("该学生不在本批次待检名单中，或已采样 (not expected in this campaign, or already sampled)")
        }
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "testing.exempt", subject: studentNo, detail: "\(id): \(text)"))
    }

    public func close(_ id: String, by actor: Actor) async throws {
        try requirePlanner(actor)
        guard try await store.campaign(school: actor.school, id: id) != nil else { throw Self.unknownCampaign(id) }
        guard try await store.close(school: actor.school, campaignId: id, at: clock.now()) else {
            throw DomainError.conflict("该批次已结束 (the campaign is already closed)")
        }
    }

    // MARK: Rules

    /// When a retest starts: the next 5-minute mark after now, or 08:00 the next morning when that is after 22:00.
    public static func retestStart(_ now: Date, timeZone: TimeZone) -> (day: CampusDay, minute: Int) {
        let today = CampusDay(now, in: timeZone)
        let minutes = Int(now.timeIntervalSince(today.instant(minutes: 0, in: timeZone)) / 60)
        let next = (minutes / SlotPlanner.granularity + 1) * SlotPlanner.granularity
        return next <= 22 * 60 ? (today, next) : (today.adding(days: 1), 8 * 60)
    }

    static func error(_ refusal: SampleRefusal, scan: SampleScan) -> DomainError {
        switch refusal {
        case .unknownCampaign: return unknownCampaign(scan.campaignId)
        case .campaignClosed: return DomainError(.conflict, "本批次已结束采样 (the campaign is closed)", fieldErrors: [FieldError(field: "campaignId", message: "closed")])
        case .notExpected:
            return DomainError(.invalid, "学号 \(scan.studentNo) 不在本批次待检名单中 (not expected in this campaign)",
                               fieldErrors: [FieldError(field: "studentNo", message: "not in this campaign")])
        case .alreadySampled(let tube):
            return DomainError(.conflict, "学号 \(scan.studentNo) 本批次已采样（试管 \(tube)）(already sampled in this campaign)",
                               fieldErrors: [FieldError(field: "studentNo", message: "already sampled")])
        case .tubeFull(let size):
            return DomainError(.conflict, "试管 \(scan.tubeCode) 已满 \(size) 人，请换新管 (the tube is full: take a new one)",
                               fieldErrors: [FieldError(field: "tubeCode", message: "full")])
        case .tubeOfAnotherCampaign:
            return DomainError(.conflict, "试管 \(scan.tubeCode) 已用于其他批次 (the tube belongs to another campaign)",
                               fieldErrors: [FieldError(field: "tubeCode", message: "another campaign")])
        case .tubeHasResult:
            return DomainError(.conflict, "试管 \(scan.tubeCode) 已出结果，不能再加样 (the tube has its result)",
                               fieldErrors: [FieldError(field: "tubeCode", message: "has a result")])
        }
    }

    static func unknownCampaign(_ id: String) -> DomainError {
        DomainError(.notFound, "没有这个检测批次 (no such campaign)", fieldErrors: [FieldError(field: "campaignId", message: "unknown campaign \(id.prefix(40))")])
    }

    static func newID() -> String { UUID().uuidString.lowercased() }

    private func scope(of actor: Actor) -> Scope {
        actor.kind == .integration && actor.tokenScopes.contains(Self.writeScope) ? .school : actor.scope
    }

    private func requirePlanner(_ actor: Actor) throws {
        guard actor.kind == .staff, !actor.roles.isDisjoint(with: Self.plannerRoles) else {
            throw DomainError.forbidden("您无权安排核酸检测 (you may not plan testing)")
        }
    }

    private func requireViewer(_ actor: Actor) throws {
        if actor.kind == .integration, actor.tokenScopes.contains("read:all") { return }
        guard actor.kind == .staff, !actor.roles.isDisjoint(with: Self.viewerRoles) else {
            throw DomainError.forbidden("您无权查看核酸检测进度 (you may not follow testing)")
        }
    }

    private func requireSampler(_ actor: Actor) throws {
        if actor.kind == .integration, actor.tokenScopes.contains(Self.writeScope) { return }
        guard actor.kind == .staff, !actor.roles.isDisjoint(with: Self.samplerRoles) else {
            throw DomainError.forbidden("您无权采样 (you may not take samples)")
        }
    }

    func requireResults(_ actor: Actor) throws {
        if actor.kind == .integration, actor.tokenScopes.contains(Self.writeScope) { return }
        try requirePlanner(actor)
    }
}
