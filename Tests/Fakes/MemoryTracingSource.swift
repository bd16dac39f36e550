import CampusKit
import ContactTracing
import Foundation
import GateAccess
import Roster

/// Stays and residents held in arrays. `stays(of:)` answers as the protocol says (co-presence stays of those students
/// overlapping the window); `staysSharingPlaces` returns every stay, which the protocol allows ("may return more, never
/// less").
public struct MemoryTracingSource: TracingSource {
    public var allStays: [Stay]
    public var homes: [Resident]
    public var people: [Student]

    public init(allStays: [Stay] = [], homes: [Resident] = [], people: [Student] = []) {
        self.allStays = allStays
        self.homes = homes
        self.people = people
    }

    /// A source whose residents are the roster's students with a building.
    public init(stays: [Stay], roster people: [Student]) {
        self.init(allStays: stays, homes: people.compactMap { s in
            s.building.map { Resident(studentNo: s.studentNo, building: $0, floor: s.floor, room: s.room) }
        }, people: people)
    }

    public func stays(of students: Set<String>, school: SchoolID, window: DateInterval, lasting minimum: TimeInterval) async throws -> [Stay] {
        allStays.filter { students.contains($0.studentNo) && $0.kind.countsForCoPresence && $0.to > window.start && $0.from < window.end }
    }

    public func staysSharingPlaces(with sources: [Stay], school: SchoolID, window: DateInterval,
                                   overlapping minimum: TimeInterval) async throws -> [Stay] {
        allStays
    }

    public func residents(sharingWith students: Set<String>, sameFloor: Bool, school: SchoolID) async throws -> [Resident] {
        let own = homes.filter { students.contains($0.studentNo) }
        return homes.filter { r in
            own.contains { o in
                o.studentNo == r.studentNo || (o.building == r.building
                    && ((o.room != nil && o.room == r.room) || (sameFloor && o.floor != nil && o.floor == r.floor)))
            }
        }
    }

    public func students(_ numbers: Set<String>, school: SchoolID) async throws -> [Student] {
        people.filter { numbers.contains($0.studentNo) }
    }
}

/// Investigations in memory, scoped through a roster (which also names the index student, as the SQL store's join
/// does); records every save and every follow-up marking.
public final class MemoryInvestigationStore: InvestigationStore, @unchecked Sendable {
    public struct FollowUpCall: Equatable, Sendable {
        public var id: String
        public var studentNos: [String]
        public var marked: Bool
        public var by: String
        public init(id: String, studentNos: [String], marked: Bool, by: String) {
            self.id = id
            self.studentNos = studentNos
            self.marked = marked
            self.by = by
        }
    }

    private let lock = NSLock()
    private let roster: MemoryRosterStore
    private var saved: [Investigation] = []
    private var followUpCalls: [FollowUpCall] = []

    public init(roster: MemoryRosterStore) {
        self.roster = roster
    }

    public var saves: [Investigation] { lock.withLock { saved } }
    public var followUps: [FollowUpCall] { lock.withLock { followUpCalls } }

    public func save(_ investigation: Investigation, school: SchoolID) async throws {
        lock.withLock { saved.append(investigation) }
    }

    private func index(of investigation: Investigation, within scope: Scope) -> Student? {
        roster.byNumber[investigation.request.indexStudentNo].flatMap { FakeScope.covers(scope, $0) ? $0 : nil }
    }

    public func investigation(school: SchoolID, id: String, scope: Scope) async throws -> Investigation? {
        guard var found = lock.withLock({ saved.last { $0.id == id } }), let index = index(of: found, within: scope) else { return nil }
        found.indexName = index.name
        found.followUps = lock.withLock {
            var marked: Set<String> = []
            for call in followUpCalls where call.id == id {
                if call.marked { marked.formUnion(call.studentNos) } else { marked.subtract(call.studentNos) }
            }
            return marked
        }
        return found
    }

    public func investigations(school: SchoolID, scope: Scope, limit: Int) async throws -> [InvestigationSummary] {
        saves.compactMap { i in index(of: i, within: scope).map { (i, $0) } }
            .sorted { $0.0.createdAt > $1.0.createdAt }.prefix(limit).map { i, index in
                InvestigationSummary(id: i.id, indexStudentNo: i.request.indexStudentNo, indexName: index.name, from: i.request.from,
                                     to: i.request.to, degree1: i.contacts.count { $0.degree == 1 }, degree2: i.contacts.count { $0.degree == 2 },
                                     createdBy: i.createdBy, createdAt: i.createdAt)
            }
    }

    public func setFollowUp(school: SchoolID, id: String, studentNos: [String], marked: Bool, by: String, at: Date) async throws {
        lock.withLock { followUpCalls.append(FollowUpCall(id: id, studentNos: studentNos, marked: marked, by: by)) }
    }
}
