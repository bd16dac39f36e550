import Cases
import CampusKit
import Foundation
import Roster

/// Cases and their timelines in memory: the whole `CaseStore`, one open case per student and source, lists newest
/// first (opened at, then id) and paged, scoped through a roster, which also names the students.
public final class MemoryCaseStore: CaseStore, @unchecked Sendable {
    private let lock = NSLock()
    private var cases: [String: Case] = [:]
    private var events: [String: [CaseEvent]] = [:]
    private let names: [String: String]
    private let roster: MemoryRosterStore?

    /// `names`: student names by number, as the roster would join them. Without a `roster`, only the whole school's
    /// scope sees any case.
    public init(names: [String: String] = [:], roster: MemoryRosterStore? = nil) {
        self.roster = roster
        self.names = names.merging(roster?.byNumber.mapValues(\.name) ?? [:]) { given, _ in given }
    }

    /// A case's timeline, oldest first (for tests).
    public func timeline(_ id: String) -> [CaseEvent] { lock.withLock { events[id] ?? [] } }

    public func openCase(school: SchoolID, studentNo: String, source: Case.Source, summary: String, by: String,
                         at: Date, respondBy: Date?, respondedAt: Date?) async throws -> (id: String, opened: Bool) {
        lock.withLock {
            if let open = cases.values.first(where: { $0.studentNo == studentNo && $0.source == source && $0.status == .open }) {
                return (open.id, false)
            }
            let id = UUID().uuidString.lowercased()
            cases[id] = Case(id: id, studentNo: studentNo, studentName: names[studentNo] ?? "", source: source, status: .open, openedAt: at, summary: summary,
                             respondBy: respondBy, respondedAt: respondedAt)
            return (id, true)
        }
    }

    public func append(school: SchoolID, caseId: String, kind: CaseEvent.Kind, detail: String, by: String, at: Date) async throws {
        try lock.withLock {
            guard cases[caseId] != nil else { throw DomainError.noSuchCase }
            events[caseId, default: []].append(CaseEvent(at: at, kind: kind, detail: detail, by: by))
        }
    }

    public func openCaseId(school: SchoolID, studentNo: String, source: Case.Source) async throws -> String? {
        lock.withLock { cases.values.first { $0.studentNo == studentNo && $0.source == source && $0.status == .open }?.id }
    }

    public func find(school: SchoolID, id: String) async throws -> Case? { lock.withLock { cases[id] } }

    private func visible(_ c: Case, _ scope: Scope) -> Bool {
        if scope.wholeSchool { return true }
        return roster?.byNumber[c.studentNo].map { FakeScope.covers(scope, $0) } ?? false
    }

    public func cases(school: SchoolID, filter: CaseFilter, scope: Scope, page: PageRequest) async throws -> Page<Case> {
        let all = lock.withLock { Array(cases.values) }.filter { c in
            visible(c, scope) && (filter.studentNo == nil || filter.studentNo == c.studentNo)
                && (filter.status == nil || filter.status == c.status) && (filter.source == nil || filter.source == c.source)
                && (filter.stage == nil || filter.stage == c.stage)
        }.sorted { ($0.openedAt, $0.id) > ($1.openedAt, $1.id) }
        return FakePaging.page(all, page) { "\($0.openedAt.timeIntervalSince1970)|\($0.id)" }
    }

    public func detail(school: SchoolID, id: String, scope: Scope) async throws -> (case: Case, timeline: [CaseEvent])? {
        guard let found = lock.withLock({ cases[id] }), visible(found, scope) else { return nil }
        return (found, timeline(id))
    }

    public func close(school: SchoolID, id: String, outcome: String, by: String, at: Date) async throws -> Case? {
        lock.withLock {
            guard var found = cases[id], found.status == .open else { return nil }
            found.status = .closed
            found.stage = .closed
            found.respondedAt = found.respondedAt ?? at
            found.closedAt = at
            found.outcome = outcome
            cases[id] = found
            events[id, default: []].append(CaseEvent(at: at, kind: .closed, detail: outcome, by: by))
            return found
        }
    }

    public func addNote(school: SchoolID, id: String, note: String, by: String, at: Date) async throws {
        try await append(school: school, caseId: id, kind: .note, detail: note, by: by, at: at)
        lock.withLock {
            guard var found = cases[id] else { return }
            found.respondedAt = found.respondedAt ?? at
            cases[id] = found
        }
    }

    public func advance(school: SchoolID, id: String, from: Case.Stage, to: Case.Stage, note: String, by: String, at: Date) async throws -> Case? {
        lock.withLock {
            guard var found = cases[id], found.status == .open, found.stage == from else { return nil }
            found.stage = to
            found.respondedAt = found.respondedAt ?? at
            cases[id] = found
            events[id, default: []].append(CaseEvent(at: at, kind: to.event, detail: note, by: by))
            return found
        }
    }

    public func overdue(school: SchoolID, at: Date, belowLevel: Int, limit: Int) async throws -> [Case] {
        let due = lock.withLock { Array(cases.values) }.filter {
            $0.status == .open && $0.respondedAt == nil && ($0.respondBy.map { $0 <= at } ?? false) && $0.escalationLevel < belowLevel
        }
        return Array(due.sorted { ($0.respondBy ?? at, $0.id) < ($1.respondBy ?? at, $1.id) }.prefix(limit))
    }

    public func escalate(school: SchoolID, id: String, fromLevel: Int, toLevel: Int, respondBy: Date?, told: String, at: Date) async throws -> Bool {
        lock.withLock {
            guard var found = cases[id], found.status == .open, found.respondedAt == nil, found.escalationLevel == fromLevel else { return false }
            found.escalationLevel = toLevel
            found.respondBy = respondBy ?? found.respondBy
            cases[id] = found
            events[id, default: []].append(CaseEvent(at: at, kind: .escalated, detail: told, by: "system"))
            return true
        }
    }

    private var schoolPolicy = CasePolicy.standard
    public func policy(school: SchoolID) async throws -> CasePolicy { lock.withLock { schoolPolicy } }
    public func setPolicy(_ policy: CasePolicy, school: SchoolID, by: String, at: Date) async throws { lock.withLock { schoolPolicy = policy } }

    public func openCount(school: SchoolID, scope: Scope) async throws -> Int {
        lock.withLock { Array(cases.values) }.count { $0.status == .open && visible($0, scope) }
    }
}
