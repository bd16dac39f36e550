import CampusKit
import CheckIns
import Foundation
import Roster

/// Quarantine (集中隔离) as the office runs it: sites and rooms, placing students (one at a time or an investigation's
/// contacts at once), health records, release by the protocol's criteria or early with a second approver, the ledger.
public struct QuarantineService: Sendable {
    let store: any QuarantineStore
    let roster: any RosterStore
    let contacts: any InvestigationContacts
    let tubes: any PositiveTubeMembers
    let abnormal: any AbnormalHealthRecordFollowUp
    let work: any UnitOfWork
    let clock: any Clock
    let timeZone: TimeZone
    let audit: any AuditLog

    public init(store: any QuarantineStore, roster: any RosterStore, contacts: any InvestigationContacts, tubes: any PositiveTubeMembers,
                abnormal: any AbnormalHealthRecordFollowUp, work: any UnitOfWork, clock: any Clock, timeZone: TimeZone, audit: any AuditLog) {
        self.store = store
        self.roster = roster
        self.contacts = contacts
        self.tubes = tubes
        self.abnormal = abnormal
        self.work = work
        self.clock = clock
        self.timeZone = timeZone
        self.audit = audit
    }

    // MARK: Sites and protocols

    public func createSite(_ draft: QuarantineSite, by actor: Actor) async throws -> QuarantineSite {
        try requireManager(actor)
        let site = try draft.validated()
        guard try await store.create(site, school: actor.school, by: actor.username, at: clock.now()) else {
            throw DomainError(.conflict, "隔离点编号 \(site.code) 已存在 (the site code is taken)", fieldErrors: [FieldError(field: "code", message: "taken")])
        }
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "quarantine.site.create", subject: site.code,
                                          detail: "\(site.rooms.count) 个房间，\(site.capacity) 个床位 (\(site.rooms.count) rooms, \(site.capacity) places)"))
        return site
    }

    public func sites(by actor: Actor) async throws -> [QuarantineSite] {
        try requireReader(actor)
        return try await store.sites(school: actor.school)
    }

    /// Every reason's protocol: the stored one, else the contract's default.
    public func protocols(by actor: Actor) async throws -> [QuarantineProtocol] {
        guard actor.kind == .staff || QuarantinePermissions.mayRead(actor) else { throw DomainError.forbidden("仅教职工可查看 (staff only)") }
        return try await protocols(school: actor.school)
    }

    func protocols(school: SchoolID) async throws -> [QuarantineProtocol] {
        let stored = Dictionary(try await store.protocols(school: school).map { ($0.reason, $0) }, uniquingKeysWith: { a, _ in a })
        return QuarantineProtocol.defaults.map { stored[$0.reason] ?? $0 }
    }

    public func setProtocols(_ items: [QuarantineProtocol], by actor: Actor) async throws -> [QuarantineProtocol] {
        try requireManager(actor)
        let valid = try QuarantineProtocol.validated(items)
        try await store.save(valid, school: actor.school, by: actor.username, at: clock.now())
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "quarantine.protocols.change", subject: "protocols",
                                          detail: "\(valid.count) 项 (\(valid.map(\.reason.rawValue).joined(separator: ",")))"))
        return try await protocols(school: actor.school)
    }

    // MARK: Placing

    /// Places one student (CONTRACT.md): the room chosen when none is named, capacity never exceeded, one active
    /// placement a student, `start` never in the future.
    public func place(_ request: PlacementRequest, by actor: Actor) async throws -> Placement {
        try requireManager(actor)
        let now = clock.now()
        let start = try Self.checkedStart(request.start, now: now)
        guard let student = try await roster.student(school: actor.school, number: request.studentNo, scope: Self.scope(of: actor)) else {
            throw Self.unknownStudent(request.studentNo, field: "studentNo")
        }
        var request = request
        if let id = request.investigationId {
            guard let found = try await contacts.contacts(of: id, school: actor.school) else {
                throw DomainError(.notFound, "没有这次流调 (no such investigation)", fieldErrors: [FieldError(field: "investigationId", message: "unknown investigation")])
            }
            request.origin = .investigation
            request.indexStudentNo = request.indexStudentNo ?? found.index
        }
        let rules = try await protocols(school: actor.school)
        let placed = try await placeAll([request], start: start, rules: rules, names: [student.studentNo: student.name], by: actor)
        guard let placement = placed.first else { throw Self.alreadyPlaced(request.studentNo, field: "studentNo") }
        return placement
    }

    /// Places the chosen contacts of an investigation at one site in one unit of work: degree 1 as close contacts,
    /// degree 2 as secondary contacts, each kept apart from other index cases' contacts. Students already in quarantine
    /// are skipped and named; if the site runs out of room, nobody is placed (409 naming `site`).
    public func placeContacts(of investigationId: String, studentNos: [String], site: String, by actor: Actor) async throws
        -> (placed: [Placement], skipped: [(studentNo: String, why: String)]) {
        try requireManager(actor)
        guard studentNos.count <= 2000 else { throw DomainError.invalid("一次最多 2000 人 (at most 2,000 students at once)", field: "studentNos") }
        guard let found = try await contacts.contacts(of: investigationId, school: actor.school) else {
            throw DomainError(.notFound, "没有这次流调 (no such investigation)")
        }
        var requests: [PlacementRequest] = []
        for (i, number) in Array(NSOrderedSet(array: studentNos)).compactMap({ $0 as? String }).enumerated() {
            guard let degree = found.degrees[number] else {
                throw DomainError.invalid("\(number) 不是本次流调的密接 (not a contact of this investigation)", field: "studentNos[\(i)]")
            }
            requests.append(PlacementRequest(studentNo: number, reason: degree <= 1 ? .closeContact : .secondaryContact, site: site,
                                             investigationId: investigationId, origin: .investigation, indexStudentNo: found.index))
        }
        return try await placeGroup(requests, by: actor)
    }

    /// Places the members of a positive tube (C8: a positive tube puts its members into isolation) at one site in one
    /// unit of work, as `positive` and recording the tube; all of them, or the chosen ones. 404 naming `tube` when the
    /// tube is unknown or none of its members is the actor's; 422 naming `tube` when it is not positive, naming
    /// `studentNos[i]` for a student not in it. Students already in quarantine are skipped and named.
    public func placeMembers(ofTube code: String, studentNos: [String]?, site: String, by actor: Actor) async throws
        -> (placed: [Placement], skipped: [(studentNo: String, why: String)]) {
        try requireManager(actor)
        guard let tube = try await tubes.tube(code, school: actor.school),
              !(try await visibleStudents(tube.members, actor: actor)).isEmpty else {
            throw DomainError(.notFound, "没有试管 \(code) (no such tube)", fieldErrors: [FieldError(field: "tube", message: "unknown tube")])
        }
        guard tube.positive else {
            throw DomainError.invalid("试管 \(code) 不是阳性 (the tube is not positive)", field: "tube")
        }
        let chosen = Array(NSOrderedSet(array: studentNos ?? tube.members)).compactMap { $0 as? String }
        guard chosen.count <= 2000 else { throw DomainError.invalid("一次最多 2000 人 (at most 2,000 students at once)", field: "studentNos") }
        for (i, number) in chosen.enumerated() where !tube.members.contains(number) {
            throw DomainError.invalid("\(number) 不在试管 \(code) 中 (not in this tube)", field: "studentNos[\(i)]")
        }
        return try await placeGroup(chosen.map { PlacementRequest(studentNo: $0, reason: .positive, site: site, origin: .testing, tube: code) },
                                    by: actor)
    }

    /// Places `requests` (students of one source) now, in one unit of work; each must be within the actor's students
    /// (404 naming `studentNos[i]`); those already in quarantine are skipped and named.
    private func placeGroup(_ requests: [PlacementRequest], by actor: Actor) async throws
        -> (placed: [Placement], skipped: [(studentNo: String, why: String)]) {
        let students = try await roster.students(school: actor.school, numbers: requests.map(\.studentNo))
        var names: [String: String] = [:]
        for s in students { names[s.studentNo] = s.name }
        let visible = try await visibleStudents(requests.map(\.studentNo), actor: actor)
        for (i, r) in requests.enumerated() where !visible.contains(r.studentNo) {
            throw Self.unknownStudent(r.studentNo, field: "studentNos[\(i)]")
        }
        let rules = try await protocols(school: actor.school)
        let placed = try await placeAll(requests, start: clock.now(), rules: rules, names: names, by: actor)
        let done = Set(placed.map(\.studentNo))
        return (placed, requests.filter { !done.contains($0.studentNo) }.map { (studentNo: $0.studentNo, why: "already_placed") })
    }

    private func visibleStudents(_ numbers: [String], actor: Actor) async throws -> Set<String> {
        let scope = Self.scope(of: actor)
        if scope.wholeSchool { return Set(try await roster.students(school: actor.school, numbers: numbers).map(\.studentNo)) }
        var visible: Set<String> = []
        for n in numbers where try await roster.student(school: actor.school, number: n, scope: scope) != nil { visible.insert(n) }
        return visible
    }

    /// The placements of `requests` (all at one site) written together; students with an active placement are left
    /// out (a single request turns that into 409 `studentNo`).
    private func placeAll(_ requests: [PlacementRequest], start: Date, rules: [QuarantineProtocol], names: [String: String],
                          by actor: Actor) async throws -> [Placement] {
        guard let siteCode = requests.first?.site else { return [] }
        let store = self.store, school = actor.school, timeZone = self.timeZone, by = actor.username
        let placed = try await work.perform { () -> [Placement] in
            guard let site = try await store.lockSite(school: school, code: siteCode) else {
                throw DomainError(.notFound, "没有隔离点 \(siteCode) (no such site)", fieldErrors: [FieldError(field: "site", message: "unknown site")])
            }
            var board = RoomChoice.Board(rooms: site.rooms, occupants: try await store.occupants(school: school, site: siteCode))
            let already = try await store.activeStudents(school: school, among: requests.map(\.studentNo))
            let first = CampusDay(start, in: timeZone)
            var chosen: [Placement] = []
            for request in requests where !already.contains(request.studentNo) {
                let room: String
                switch board.choose(for: request) {
                case .success(let code): room = code
                case .failure(.roomUnknown):
                    throw DomainError(.notFound, "隔离点没有房间 \(request.room ?? "") (no such room)", fieldErrors: [FieldError(field: "room", message: "unknown room")])
                case .failure(.roomFull):
                    throw DomainError(.conflict, "房间 \(request.room ?? "") 已满 (the room is full)", fieldErrors: [FieldError(field: "room", message: "full")])
                case .failure(.siteFull):
                    throw DomainError(.conflict, "隔离点 \(siteCode) 已满 (the site is full)", fieldErrors: [FieldError(field: "site", message: "full")])
                }
                let rule = rules.first { $0.reason == request.reason } ?? QuarantineProtocol(reason: request.reason, days: 3, testDays: [1])
                chosen.append(Placement(id: UUID().uuidString.lowercased(), studentNo: request.studentNo, studentName: names[request.studentNo] ?? "",
                                        reason: request.reason, site: siteCode, room: room, start: start,
                                        plannedEnd: rule.days.map { first.adding(days: $0 - 1) }, status: .active, protocolRule: rule,
                                        origin: request.origin, investigationId: request.investigationId, tube: request.tube,
                                        indexStudentNo: request.indexStudentNo, placedBy: by))
                board.add(Occupant(room: room, reason: request.reason, indexStudentNo: request.indexStudentNo))
            }
            // A student placed elsewhere meanwhile (after `already` was read) is left out by the store.
            let stored = try await store.insert(chosen, school: school)
            let placed = chosen.filter { stored.contains($0.studentNo) }
            return placed
        }
        if !placed.isEmpty {
            try await audit.record(AuditEntry(actor, at: clock.now(), action: "quarantine.place", subject: placed.count == 1 ? placed[0].studentNo : siteCode,
                                              detail: "\(placed.count) 人隔离于 \(siteCode) (\(placed.count) placed at \(siteCode))"))
        }
        return placed
    }

    static func checkedStart(_ start: Date?, now: Date) throws -> Date {
        guard let start else { return now }
        if start > now.addingTimeInterval(60) {
            throw DomainError.invalid("开始时间不能晚于现在 (the start cannot lie in the future)", field: "start")
        }
        if start < now.addingTimeInterval(-60 * 86_400) {
            throw DomainError.invalid("开始时间最多补录 60 天前 (the start may lie at most 60 days back)", field: "start")
        }
        return start
    }

    // MARK: During quarantine

    /// One placement: the student themself, managers, and readers with the student in scope; `.notFound` otherwise.
    public func placement(_ id: String, by actor: Actor) async throws -> Placement {
        guard let found = try await store.placement(school: actor.school, id: id) else { throw Self.noSuchPlacement }
        if actor.kind == .student, actor.username == found.studentNo { return found }
        guard QuarantinePermissions.mayRead(actor),
              try await roster.student(school: actor.school, number: found.studentNo, scope: Self.scope(of: actor)) != nil else {
            throw Self.noSuchPlacement
        }
        return found
    }

    /// A health record by the student or site staff; an abnormal one opens (or adds to) the student's case in the
    /// same unit of work.
    public func record(temperature: Double, symptoms: [String], for placementId: String, by actor: Actor) async throws -> HealthRecord {
        let found = try await placement(placementId, by: actor)
        guard actor.username == found.studentNo || QuarantinePermissions.mayManage(actor) else {
            throw DomainError.forbidden("仅学生本人或隔离点工作人员可填写 (the student or site staff only)")
        }
        guard found.status == .active else { throw DomainError.conflict("隔离已解除 (the placement has ended)") }
        let record = try HealthRecord.validated(placementId: found.id, temperature: temperature, symptoms: symptoms, by: actor.username, at: clock.now())
        let store = self.store, abnormal = self.abnormal, school = actor.school
        try await work.perform {
            try await store.add(record, school: school)
            if record.abnormal {
                let text = ([String(format: "%.1f℃", record.temperature)] + record.symptoms.map(\.rawValue)).joined(separator: "，")
                try await abnormal.abnormal(record, studentNo: found.studentNo, summary: "隔离健康记录异常 (quarantine record): \(text)", school: school)
            }
        }
        return record
    }

    public func records(of placementId: String, by actor: Actor) async throws -> [HealthRecord] {
        let found = try await placement(placementId, by: actor)
        if actor.username != found.studentNo {
            try await audit.record(AuditEntry(actor, at: clock.now(), action: "quarantine.records.read", subject: found.studentNo, detail: placementId))
        }
        return try await store.records(school: actor.school, placementId: placementId)
    }

    /// What still keeps a placement from ending by its protocol.
    public func unmetCriteria(of placement: Placement, school: SchoolID) async throws -> [UnmetCriterion] {
        let tests = try await store.tests(school: school, studentNo: placement.studentNo, since: CampusDay(placement.start, in: timeZone))
        let records = try await store.records(school: school, placementId: placement.id)
        return ReleaseCriteria.unmet(placement, tests: tests, records: records, now: clock.now(), timeZone: timeZone)
    }

    public func history(of placementId: String, by actor: Actor) async throws -> [PlacementChange] {
        let found = try await placement(placementId, by: actor)
        return try await store.history(school: actor.school, placementId: found.id)
    }

    static let noSuchPlacement = DomainError.notFound("没有这条隔离记录 (no such placement)")

    static func unknownStudent(_ number: String, field: String) -> DomainError {
        DomainError(.notFound, "没有学号为 \(number) 的学生 (no such student)", fieldErrors: [FieldError(field: field, message: "unknown student")])
    }

    static func alreadyPlaced(_ number: String, field: String) -> DomainError {
        DomainError(.conflict, "\(number) 已在隔离中 (the student is already in quarantine)", fieldErrors: [FieldError(field: field, message: "already placed")])
    }

    /// The students quarantine work shows the actor: managers (administrators, leaders, the clinic that runs the
    /// sites) act for the whole school — a clinic doctor has no units in the roster; everyone else their scope.
    static func scope(of actor: Actor) -> Scope {
        QuarantinePermissions.mayManage(actor) ? .school : actor.scope
    }

    func requireManager(_ actor: Actor) throws {
        guard QuarantinePermissions.mayManage(actor) else { throw DomainError.forbidden("您无权管理隔离 (you may not manage quarantine)") }
    }

    func requireReader(_ actor: Actor) throws {
        guard QuarantinePermissions.mayRead(actor) else { throw DomainError.forbidden("您无权查看隔离 (you may not see quarantine)") }
    }
}
