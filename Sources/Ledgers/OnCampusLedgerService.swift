import CampusKit
import Foundation
import GateAccess
import Roster

/// The on-campus ledger (在校学生台账, C5): every active student in the reader's scope with where they were at the end
/// of a day — or now, for today — by the gates' own rule, their last campus-gate crossing and their approved leave.
/// Staff read it within their scope (as presence); reading it is audited, whereabouts are sensitive.
public struct OnCampusLedgerService: Sendable {
    let store: any OnCampusStore
    let roster: any RosterStore
    let clock: any Clock
    let timeZone: TimeZone
    let audit: any AuditLog

    public init(store: any OnCampusStore, roster: any RosterStore, clock: any Clock, timeZone: TimeZone, audit: any AuditLog) {
        self.store = store
        self.roster = roster
        self.clock = clock
        self.timeZone = timeZone
        self.audit = audit
    }

    /// Today in the school's time zone.
    public func today() -> CampusDay { CampusDay(clock.now(), in: timeZone) }

    /// A page of the ledger for `day` (today when nil; a later day is 422 naming `date`), students by number, limited
    /// to the units of `filter` and, when given, to one `status`.
    public func ledger(day: CampusDay?, filter: StudentFilter, status: OnCampusEntry.Status?, page: PageRequest,
                       by actor: Actor) async throws -> (day: CampusDay, page: Page<OnCampusEntry>) {
        guard LedgerPermissions.mayReadOnCampus(actor) else { throw DomainError.forbidden("仅教职工可查看在校学生台账 (staff only)") }
        let today = today()
        let day = day ?? today
        guard day <= today else { throw DomainError.invalid("日期不能晚于今天 (the date cannot lie after today)", field: "date") }
        let start = day.instant(minutes: 0, in: timeZone), end = day.adding(days: 1).instant(minutes: 0, in: timeZone)
        var students = filter
        students.status = .active
        var collected: [OnCampusEntry] = [], after = page.after
        // The status comes from the gates' rule, not from SQL, so a filtered page reads the roster chunk by chunk.
        repeat {
            let chunk = try await roster.students(school: actor.school, filter: students, scope: actor.scope,
                                                  page: PageRequest(limit: status == nil ? page.limit + 1 : 500, after: after))
            let numbers = chunk.items.map(\.studentNo)
            let passages = try await store.passages(school: actor.school, students: numbers, until: day == today ? nil : end)
            let leaves = try await store.approvedLeaves(school: actor.school, students: numbers, overlapping: DateInterval(start: start, end: end))
            for s in chunk.items {
                let found = passages[s.studentNo]
                let entry = OnCampusEntry(studentNo: s.studentNo, name: s.name, className: s.className, college: s.college, building: s.building,
                                          floor: s.floor, room: s.room, status: OnCampusEntry.status(of: found?.passages), lastGate: found?.lastGate,
                                          leave: leaves[s.studentNo])
                guard status == nil || entry.status == status else { continue }
                collected.append(entry)
                if collected.count > page.limit { break }
            }
            after = chunk.next
        } while collected.count <= page.limit && after != nil
        let items = Array(collected.prefix(page.limit))
        let next = collected.count > page.limit ? items.last?.studentNo : nil
        try await audit.record(AuditEntry(actor, at: clock.now(), action: "ledger.on_campus.read", subject: "on_campus",
                                          detail: "\(day) · \(items.count) 名学生 (\(items.count) students)"))
        return (day, Page(items: items, next: next))
    }
}
