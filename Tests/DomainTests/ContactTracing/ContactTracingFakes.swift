import CampusKit
import ContactTracing
import Foundation
import GateAccess
import Roster

/// Stays and residents held in arrays. `stays(of:)` answers as the protocol says (co-presence stays of those students
/// overlapping the window); `staysSharingPlaces` returns every stay, which the protocol allows ("may return more").
struct TracingTestSource: TracingSource {
    var allStays: [Stay] = []
    var homes: [Resident] = []
    var people: [Student] = []

    func stays(of students: Set<String>, school: SchoolID, window: DateInterval, lasting minimum: TimeInterval) async throws -> [Stay] {
        allStays.filter { students.contains($0.studentNo) && $0.kind.countsForCoPresence && $0.to > window.start && $0.from < window.end }
    }

    func staysSharingPlaces(with sources: [Stay], school: SchoolID, window: DateInterval, overlapping minimum: TimeInterval) async throws -> [Stay] {
        allStays
    }

    func residents(sharingWith students: Set<String>, sameFloor: Bool, school: SchoolID) async throws -> [Resident] {
        let own = homes.filter { students.contains($0.studentNo) }
        return homes.filter { r in
            own.contains { o in
                o.studentNo == r.studentNo || (o.building == r.building
                    && ((o.room != nil && o.room == r.room) || (sameFloor && o.floor != nil && o.floor == r.floor)))
            }
        }
    }

    func students(_ numbers: Set<String>, school: SchoolID) async throws -> [Student] {
        people.filter { numbers.contains($0.studentNo) }
    }
}

/// Investigations in memory, scoped through a roster; records every save and every follow-up marking.
final class InvestigationTestStore: InvestigationStore, @unchecked Sendable {
    struct FollowUpCall: Equatable {
        var id: String
        var studentNos: [String]
        var marked: Bool
        var by: String
    }

    private let lock = NSLock()
    private let roster: GateTestRoster
    private var saved: [Investigation] = []
    private var followUpCalls: [FollowUpCall] = []

    init(roster: GateTestRoster) {
        self.roster = roster
    }

    var saves: [Investigation] { lock.withLock { saved } }
    var followUps: [FollowUpCall] { lock.withLock { followUpCalls } }

    func save(_ investigation: Investigation, school: SchoolID) async throws {
        lock.withLock { saved.append(investigation) }
    }

    func investigation(school: SchoolID, id: String, scope: Scope) async throws -> Investigation? {
        guard var found = lock.withLock({ saved.last { $0.id == id } }),
              let index = roster.byNumber[found.request.indexStudentNo], GateTestData.covers(scope, index) else { return nil }
        found.followUps = lock.withLock {
            var marked: Set<String> = []
            for call in followUpCalls where call.id == id {
                if call.marked { marked.formUnion(call.studentNos) } else { marked.subtract(call.studentNos) }
            }
            return marked
        }
        return found
    }

    func investigations(school: SchoolID, scope: Scope, limit: Int) async throws -> [InvestigationSummary] {
        lock.withLock { saved }.filter { roster.byNumber[$0.request.indexStudentNo].map { GateTestData.covers(scope, $0) } ?? false }
            .sorted { $0.createdAt > $1.createdAt }.prefix(limit).map {
                InvestigationSummary(id: $0.id, indexStudentNo: $0.request.indexStudentNo, indexName: $0.indexName, from: $0.request.from,
                                     to: $0.request.to, degree1: $0.contacts.count { $0.degree == 1 }, degree2: $0.contacts.count { $0.degree == 2 },
                                     createdBy: $0.createdBy, createdAt: $0.createdAt)
            }
    }

    func setFollowUp(school: SchoolID, id: String, studentNos: [String], marked: Bool, by: String, at: Date) async throws {
        lock.withLock { followUpCalls.append(FollowUpCall(id: id, studentNos: studentNos, marked: marked, by: by)) }
    }
}
