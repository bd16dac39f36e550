import CampusKit
import Foundation
import GateAccess
import Roster
import ShouhuFakes
import Testing

@Suite("GateService: ingesting batches from devices and answering gate decisions")
struct GateServiceTests {
    static let now = GateTestData.t(0)
    static let writer = GateTestData.integration(["access:write"])
    static let decider = GateTestData.integration(["access:decide"])

    static let points = [
        AccessPoint(code: "east-gate", name: "东门", kind: .campusGate, place: "east-gate"),
        AccessPoint(code: "B1-door", name: "1号楼", kind: .buildingDoor, place: "B1"),
        AccessPoint(code: "canteen-1-east", name: "一食堂东门", kind: .canteen, place: "canteen-1"),
    ]

    static func setUp(policy: GatePolicy = .normal, facts: [String: MemoryGateStore.StudentFacts] = ["2021010101": MemoryGateStore.StudentFacts()],
                      roster: [Student] = [GateTestData.person("2021010101")]) -> (GateService, MemoryGateStore, MemoryAuditLog) {
        let store = MemoryGateStore(points: points, policy: policy, students: facts)
        let audit = MemoryAuditLog()
        let service = GateService(store: store, roster: MemoryRosterStore(roster), audit: audit, clock: FixedClock(now),
                                  timeZone: GateTestData.shanghai)
        return (service, store, audit)
    }

    static func incoming(_ id: String?, point: String? = "canteen-1-east", student: String? = "2021010101",
                         direction: String? = "in", at: Date? = GateTestData.t(-5), granted: Bool? = true) -> IncomingEvent {
        IncomingEvent(eventId: id, accessPoint: point, studentNo: student, direction: direction, at: at, granted: granted)
    }

    // MARK: ingest

    @Test("A batch over 1,000 events is .tooLarge and the store receives nothing")
    func batchTooLarge() async throws {
        let (service, store, _) = Self.setUp()
        let batch = (0...1000).map { Self.incoming("e\($0)") }
        #expect(batch.count == 1001)
        let error = try await #require(throws: DomainError.self) { try await service.ingest(batch, by: Self.writer) }
        #expect(error.kind == .tooLarge)
        #expect(store.ingests.isEmpty)
    }

    @Test("A batch of exactly 1,000 events is taken")
    func batchAtLimit() async throws {
        let (service, store, _) = Self.setUp()
        let result = try await service.ingest((0..<1000).map { Self.incoming("e\($0)") }, by: Self.writer)
        #expect(result == IngestResult(accepted: 1000, duplicates: 0, rejected: []))
        #expect(store.ingests.count == 1)
        #expect(store.ingests.first?.events.count == 1000)
    }

    @Test("Malformed events are rejected by index with a message naming the field; the good ones go to the store with their index")
    func malformedRejected() async throws {
        let (service, store, _) = Self.setUp()
        let batch = [
            Self.incoming("ok-0", direction: "out"),                          // 0 good
            Self.incoming(nil),                                               // 1 no eventId
            Self.incoming("bad-2", direction: "sideways"),                    // 2 bad direction
            Self.incoming("bad-3", at: Self.now.addingTimeInterval(24 * 3600 + 1)), // 3 over 24 h ahead
            Self.incoming("bad-4", at: nil),                                  // 4 no time
            Self.incoming("ok-5", at: Self.now.addingTimeInterval(24 * 3600)), // 5 exactly 24 h ahead: fine
            Self.incoming(""),                                                // 6 empty eventId
            Self.incoming("bad-7", point: nil),                               // 7 no point
            Self.incoming("bad-8", student: ""),                              // 8 no student
            Self.incoming("bad-9", direction: nil),                           // 9 no direction
            Self.incoming(String(repeating: "x", count: 101)),                // 10 eventId too long
            Self.incoming("ok-11", granted: false),                           // 11 good, denied at the device
        ]
        let result = try await service.ingest(batch, by: Self.writer)
        #expect(result.rejected.map(\.index) == [1, 2, 3, 4, 6, 7, 8, 9, 10])
        let fields = result.rejected.map { String($0.message.prefix { $0 != ":" }) }
        #expect(fields == ["eventId", "direction", "at", "at", "eventId", "accessPoint", "studentNo", "direction", "eventId"])
        #expect(result.accepted == 3)

        let call = try #require(store.ingests.first)
        #expect(store.ingests.count == 1)
        #expect(call.events.map(\.index) == [0, 5, 11])
        #expect(call.events.map(\.event) == [
            AccessEvent(eventId: "ok-0", accessPoint: "canteen-1-east", studentNo: "2021010101", direction: .out, at: GateTestData.t(-5), granted: true),
            AccessEvent(eventId: "ok-5", accessPoint: "canteen-1-east", studentNo: "2021010101", direction: .in,
                        at: Self.now.addingTimeInterval(24 * 3600), granted: true),
            AccessEvent(eventId: "ok-11", accessPoint: "canteen-1-east", studentNo: "2021010101", direction: .in, at: GateTestData.t(-5), granted: false),
        ])
        #expect(call.at == Self.now)
    }

    @Test("Rejections of the store (unknown point, unknown student) and of the service are merged in index order")
    func rejectionsMerged() async throws {
        let (service, _, _) = Self.setUp()
        let batch = [
            Self.incoming("e0", point: "nowhere"),          // store: unknown point
            Self.incoming("e1", direction: "sideways"),     // service
            Self.incoming("e2", student: "9999"),           // store: unknown student
            Self.incoming("e3"),                            // good
            Self.incoming(nil),                             // service
            Self.incoming("e3"),                            // resent: duplicate
        ]
        let result = try await service.ingest(batch, by: Self.writer)
        #expect(result.rejected.map(\.index) == [0, 1, 2, 4])
        #expect(result.rejected.map { $0.message.hasPrefix("accessPoint") } == [true, false, false, false])
        #expect(result.rejected[2].message.hasPrefix("studentNo"))
        #expect(result.accepted == 1)
        #expect(result.duplicates == 1)
    }

    @Test("A token without access:write, or a staff member who is not an admin, may not ingest; the store receives nothing",
          arguments: [GateTestData.integration(["access:decide", "read:all"]), GateTestData.integration([]),
                      GateTestData.staff("T001", [.counsellor, .leader]), GateTestData.student("2021010101")])
    func ingestForbidden(actor: Actor) async throws {
        let (service, store, _) = Self.setUp()
        let error = try await #require(throws: DomainError.self) { try await service.ingest([Self.incoming("e1")], by: actor) }
        #expect(error.kind == .forbidden)
        #expect(store.ingests.isEmpty)
    }

    @Test("Permission comes before size: an oversized batch from a token without access:write is .forbidden")
    func forbiddenBeforeTooLarge() async throws {
        let (service, store, _) = Self.setUp()
        let error = try await #require(throws: DomainError.self) {
            try await service.ingest((0...1000).map { Self.incoming("e\($0)") }, by: Self.decider)
        }
        #expect(error.kind == .forbidden)
        #expect(store.ingests.isEmpty)
    }

    @Test("The store is told which kinds of exit need leave under the current policy")
    func exitKindsFromPolicy() async throws {
        let (lockdown, lockdownStore, _) = Self.setUp(policy: .lockdown)
        _ = try await lockdown.ingest([Self.incoming("e1")], by: Self.writer)
        #expect(lockdownStore.ingests.first?.exitNeedsLeave == [.campusGate])

        let (normal, normalStore, _) = Self.setUp(policy: .normal)
        _ = try await normal.ingest([Self.incoming("e1")], by: Self.writer)
        #expect(normalStore.ingests.first?.exitNeedsLeave == [])
    }

    // MARK: decide

    @Test("An unknown point is .notFound naming accessPoint")
    func decideUnknownPoint() async throws {
        let (service, _, _) = Self.setUp()
        let error = try await #require(throws: DomainError.self) {
            try await service.decide(studentNo: "2021010101", pointCode: "nowhere", direction: .in, by: Self.decider)
        }
        #expect(error.kind == .notFound)
        #expect(error.fieldErrors.map(\.field) == ["accessPoint"])
    }

    @Test("An unknown student is .notFound naming studentNo")
    func decideUnknownStudent() async throws {
        let (service, _, _) = Self.setUp()
        let error = try await #require(throws: DomainError.self) {
            try await service.decide(studentNo: "9999", pointCode: "east-gate", direction: .in, by: Self.decider)
        }
        #expect(error.kind == .notFound)
        #expect(error.fieldErrors.map(\.field) == ["studentNo"])
    }

    @Test("Staff asking about a student outside their scope get .notFound naming studentNo, though the student exists")
    func decideOutsideStaffScope() async throws {
        let (service, store, _) = Self.setUp()
        let counsellor = GateTestData.staff("T001", [.counsellor], scope: Scope(units: [UnitKey(.class, "Y班")]))
        let error = try await #require(throws: DomainError.self) {
            try await service.decide(studentNo: "2021010101", pointCode: "east-gate", direction: .in, by: counsellor)
        }
        #expect(error.kind == .notFound)
        #expect(error.fieldErrors.map(\.field) == ["studentNo"])
        #expect(store.factsAsked.isEmpty)

        let own = GateTestData.staff("T002", [.counsellor], scope: Scope(units: [UnitKey(.class, "X班")]))
        #expect(try await service.decide(studentNo: "2021010101", pointCode: "east-gate", direction: .in, by: own).allow)
    }

    @Test("A token without access:decide, or a student, may not ask for a decision",
          arguments: [GateTestData.integration(["access:write"]), GateTestData.student("2021010101"),
                      GateTestData.staff("T001", [.counsellor], scope: .nothing)])
    func decideForbidden(actor: Actor) async throws {
        let (service, store, _) = Self.setUp()
        let error = try await #require(throws: DomainError.self) {
            try await service.decide(studentNo: "2021010101", pointCode: "east-gate", direction: .out, by: actor)
        }
        #expect(error.kind == .forbidden)
        #expect(store.factsAsked.isEmpty)
    }

    @Test("The decision follows the store's policy and names its version")
    func decisionFollowsPolicy() async throws {
        var lockdown = GatePolicy.lockdown
        lockdown.version = 3
        let facts = ["2021010101": MemoryGateStore.StudentFacts(active: true, onApprovedLeave: false, checkedInToday: false, hasOpenCase: false)]
        let (strict, _, _) = Self.setUp(policy: lockdown, facts: facts)
        let out = try await strict.decide(studentNo: "2021010101", pointCode: "east-gate", direction: .out, by: Self.decider)
        #expect(out == GateDecision(allow: false, reason: "leave_required", message: out.message, policyVersion: 3))
        let door = try await strict.decide(studentNo: "2021010101", pointCode: "B1-door", direction: .in, by: Self.decider)
        #expect(!door.allow)
        #expect(door.reason == "checkin_missing")
        let back = try await strict.decide(studentNo: "2021010101", pointCode: "east-gate", direction: .in, by: Self.decider)
        #expect(back.allow)
        #expect(back.policyVersion == 3)

        let (relaxed, _, _) = Self.setUp(policy: .normal, facts: facts)
        let normalOut = try await relaxed.decide(studentNo: "2021010101", pointCode: "east-gate", direction: .out, by: Self.decider)
        #expect(normalOut.allow)
        #expect(normalOut.reason == "allowed")
        #expect(normalOut.policyVersion == 0)
    }

    @Test("The facts are asked for the point, the student, now, and today in the school's time zone")
    func factsAskedForSchoolDay() async throws {
        let store = MemoryGateStore(points: Self.points, students: ["2021010101": MemoryGateStore.StudentFacts()])
        // 23:30 UTC on 20 November is 07:30 on 21 November in Shanghai.
        let late = Date(timeIntervalSince1970: 1_795_132_800 + 23.5 * 3600)
        let service = GateService(store: store, roster: MemoryRosterStore([]), audit: MemoryAuditLog(), clock: FixedClock(late),
                                  timeZone: GateTestData.shanghai)
        _ = try await service.decide(studentNo: "2021010101", pointCode: "canteen-1-east", direction: .in, by: Self.decider)
        #expect(store.factsAsked == [MemoryGateStore.FactsCall(studentNo: "2021010101", point: "canteen-1-east",
                                                              day: try #require(CampusDay("2026-11-21")), at: late)])
    }

    // MARK: points and the policy

    @Test("Registering a point of another kind for an existing place is .invalid naming kind, and nothing is stored")
    func registerKindClash() async throws {
        let (service, store, _) = Self.setUp()
        let admin = GateTestData.staff("admin", [.admin])
        let clash = AccessPoint(code: "canteen-1-west", name: "一食堂西门", kind: .library, place: "canteen-1")
        let error = try await #require(throws: DomainError.self) { try await service.register(clash, by: admin) }
        #expect(error.kind == .invalid)
        #expect(error.fieldErrors.map(\.field) == ["kind"])
        #expect(try await store.point(school: .main, code: "canteen-1-west") == nil)

        let fine = AccessPoint(code: "canteen-1-west", name: "一食堂西门", kind: .canteen, place: "canteen-1")
        #expect(try await service.register(fine, by: Self.writer) == fine)
        #expect(try await store.point(school: .main, code: "canteen-1-west") == fine)
    }

    @Test("Only admins, leaders and access:write tokens register points",
          arguments: [GateTestData.staff("T001", [.counsellor, .secretary]), GateTestData.integration(["access:decide"]),
                      GateTestData.student("2021010101")])
    func registerForbidden(actor: Actor) async throws {
        let (service, store, _) = Self.setUp()
        let point = AccessPoint(code: "lib-1", name: "图书馆", kind: .library, place: "library")
        let error = try await #require(throws: DomainError.self) { try await service.register(point, by: actor) }
        #expect(error.kind == .forbidden)
        #expect(try await store.point(school: .main, code: "lib-1") == nil)
    }

    @Test("A new policy is validated, stored as the next version and audited; a bad one changes nothing")
    func setPolicy() async throws {
        let (service, store, audit) = Self.setUp()
        let leader = GateTestData.staff("T300", [.leader])
        let bad = GatePolicy(name: "", curfew: nil, secondApprovalHours: 24, rules: [])
        let error = try await #require(throws: DomainError.self) { try await service.setPolicy(bad, by: leader) }
        #expect(error.fieldErrors.map(\.field) == ["name"])
        #expect(try await store.policy(school: .main) == .normal)
        #expect(audit.entries.isEmpty)

        let stored = try await service.setPolicy(GatePolicy(name: " 封闭 ", curfew: 1320, secondApprovalHours: 24,
                                                            rules: GatePolicy.lockdown.rules), by: leader)
        #expect(stored.version == 1)
        #expect(stored.name == "封闭")
        #expect(try await store.policy(school: .main) == stored)
        #expect(audit.entries.map(\.action) == ["access.policy.change"])
        #expect(audit.entries.first?.actorName == "T300")
    }

    @Test("Integrations and staff other than admins and leaders may not change the policy; students may not read it",
          arguments: [GateTestData.integration(["access:write", "access:decide", "read:all"]), GateTestData.staff("T001", [.secretary])])
    func setPolicyForbidden(actor: Actor) async throws {
        let (service, store, audit) = Self.setUp()
        let error = try await #require(throws: DomainError.self) { try await service.setPolicy(.lockdown, by: actor) }
        #expect(error.kind == .forbidden)
        #expect(try await store.policy(school: .main) == .normal)
        #expect(audit.entries.isEmpty)
        let read = try await #require(throws: DomainError.self) { try await service.policy(by: GateTestData.student("2021010101")) }
        #expect(read.kind == .forbidden)
    }
}
