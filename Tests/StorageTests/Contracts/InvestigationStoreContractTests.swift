import CampusKit
import ContactTracing
import Foundation
import Roster
import ShouhuFakes
import ShouhuTestSupport
import Storage
import Testing

private typealias F = CheckInStoreFixtures

/// The promises of `InvestigationStore` the investigation service relies on: a saved investigation comes back whole
/// (named from the roster) within the scope of its index student, lists newest first and limited, follow-up marks set
/// and unset.
@Suite("InvestigationStore contract: SQL stores and the in-memory fake keep the same promises")
struct InvestigationStoreContractTests {
    static func withStore(_ subject: ContractSubject, _ body: (any InvestigationStore) async throws -> Void) async throws {
        switch subject {
        case .memory: try await body(MemoryInvestigationStore(roster: MemoryRosterStore(F.students)))
        case .sql(let engine): try await F.withDatabase(engine) { db in try await body(SQLInvestigationStore(database: db)) }
        }
    }

    static func investigation(_ id: String, index: Int, at hour: Int) -> Investigation {
        let request = InvestigationRequest(indexStudentNo: F.no(index), from: F.at(0, on: F.previousDay), to: F.at(0, on: F.nextDay))
        let contacts = [Contact(studentNo: F.no(2), degree: 1, evidence: [Evidence(rule: .roommate, place: "1号楼/101", from: F.at(0), to: F.at(8))],
                                name: "乙", className: "信息2101", building: "1号楼", room: "101"),
                        Contact(studentNo: F.no(3), degree: 2, evidence: [], name: "丙", className: "信息2101", building: "1号楼", room: "201")]
        return Investigation(id: id, request: request, contacts: contacts, createdBy: "C001", createdAt: F.at(hour), elapsedMilliseconds: 12.5,
                             indexName: "甲")
    }

    @Test("investigation: saved whole and named from the roster, within the index student's scope; nil outside it or unknown",
          arguments: ContractSubject.all)
    func roundTrip(subject: ContractSubject) async throws {
        try await Self.withStore(subject) { store throws in
            var saved = Self.investigation("i1", index: 1, at: 9)
            saved.indexName = ""
            try await store.save(saved, school: F.school)
            let found = try #require(try await store.investigation(school: F.school, id: "i1", scope: Scope(units: [UnitKey(.class, "信息2101")])))
            #expect(found.request == saved.request && found.contacts == saved.contacts && found.createdBy == "C001" && found.createdAt == F.at(9))
            #expect(found.indexName == "甲" && found.followUps.isEmpty)
            #expect(try await store.investigation(school: F.school, id: "i1", scope: Scope(units: [UnitKey(.class, "机电2101")])) == nil)
            #expect(try await store.investigation(school: F.school, id: "nope", scope: .school) == nil)
        }
    }

    @Test("investigations: index students within the scope only, newest first, limited, counting contacts by degree", arguments: ContractSubject.all)
    func list(subject: ContractSubject) async throws {
        try await Self.withStore(subject) { store throws in
            for (id, index, hour) in [("i1", 1, 9), ("i2", 5, 10), ("i3", 2, 11)] {
                try await store.save(Self.investigation(id, index: index, at: hour), school: F.school)
            }
            #expect(try await store.investigations(school: F.school, scope: .school, limit: 10).map(\.id) == ["i3", "i2", "i1"])
            #expect(try await store.investigations(school: F.school, scope: .school, limit: 2).map(\.id) == ["i3", "i2"])
            let mine = try await store.investigations(school: F.school, scope: Scope(units: [UnitKey(.college, F.info)]), limit: 10)
            #expect(mine.map(\.id) == ["i3", "i1"])
            #expect(mine.last?.indexName == "甲" && mine.last?.degree1 == 1 && mine.last?.degree2 == 1)
            #expect(try await store.investigations(school: F.school, scope: .nothing, limit: 10).isEmpty)
        }
    }

    @Test("setFollowUp marks contacts and unmarks them", arguments: ContractSubject.all)
    func followUps(subject: ContractSubject) async throws {
        try await Self.withStore(subject) { store throws in
            try await store.save(Self.investigation("i1", index: 1, at: 9), school: F.school)
            try await store.setFollowUp(school: F.school, id: "i1", studentNos: [F.no(2), F.no(3)], marked: true, by: "C001", at: F.at(10))
            try await store.setFollowUp(school: F.school, id: "i1", studentNos: [F.no(2)], marked: true, by: "C001", at: F.at(10))
            #expect(try await store.investigation(school: F.school, id: "i1", scope: .school)?.followUps == [F.no(2), F.no(3)])
            try await store.setFollowUp(school: F.school, id: "i1", studentNos: [F.no(3)], marked: false, by: "C001", at: F.at(11))
            #expect(try await store.investigation(school: F.school, id: "i1", scope: .school)?.followUps == [F.no(2)])
        }
    }
}
