import CampusKit
import Foundation
import GateAccess
import Testing

@Suite("GatePolicy: the policy as data, its decisions and its validation")
struct GatePolicyTests {
    static func point(_ kind: AccessPoint.Kind) -> AccessPoint {
        AccessPoint(code: "\(kind.rawValue)-1", name: kind.rawValue, kind: kind, place: "\(kind.rawValue)-place")
    }

    static func facts(_ kind: AccessPoint.Kind, active: Bool = true, leave: Bool = false, checkedIn: Bool = true,
                      openCase: Bool = false) -> GateFacts {
        GateFacts(point: point(kind), studentNo: "2021010101", active: active, onApprovedLeave: leave,
                  checkedInToday: checkedIn, hasOpenCase: openCase)
    }

    static func fields(_ policy: GatePolicy) throws -> [String] {
        let error = try #require(throws: DomainError.self) { try policy.validated() }
        #expect(error.kind == .invalid)
        return error.fieldErrors.map(\.field)
    }

    @Test("normal allows every passage, at every kind of point, even when nothing about the student holds",
          arguments: AccessPoint.Kind.allCases)
    func normalAllowsEverything(kind: AccessPoint.Kind) {
        for direction in AccessEvent.Direction.allCases {
            let d = GatePolicy.normal.decide(Self.facts(kind, active: false, leave: false, checkedIn: false, openCase: true), direction: direction)
            #expect(d.allow)
            #expect(d.reason == "allowed")
            #expect(d.policyVersion == 0)
        }
    }

    @Test("lockdown: out through a campus gate needs approved leave")
    func lockdownExitNeedsLeave() {
        let denied = GatePolicy.lockdown.decide(Self.facts(.campusGate, leave: false), direction: .out)
        #expect(!denied.allow)
        #expect(denied.reason == "leave_required")
        #expect(!denied.message.isEmpty)
        #expect(GatePolicy.lockdown.decide(Self.facts(.campusGate, leave: true), direction: .out).allow)
    }

    @Test("lockdown: into the campus only as an active student (no leave needed to come back)")
    func lockdownEntryNeedsActive() {
        let denied = GatePolicy.lockdown.decide(Self.facts(.campusGate, active: false, leave: true), direction: .in)
        #expect(!denied.allow)
        #expect(denied.reason == "not_active")
        let back = GatePolicy.lockdown.decide(Self.facts(.campusGate, active: true, leave: false, checkedIn: false, openCase: true), direction: .in)
        #expect(back.allow)
        #expect(back.reason == "allowed")
    }

    @Test("lockdown: into a building only after today's check-in and without an open case")
    func lockdownBuildingDoor() {
        let noCheckIn = GatePolicy.lockdown.decide(Self.facts(.buildingDoor, checkedIn: false), direction: .in)
        #expect(!noCheckIn.allow)
        #expect(noCheckIn.reason == "checkin_missing")
        let openCase = GatePolicy.lockdown.decide(Self.facts(.buildingDoor, checkedIn: true, openCase: true), direction: .in)
        #expect(!openCase.allow)
        #expect(openCase.reason == "open_case")
        #expect(GatePolicy.lockdown.decide(Self.facts(.buildingDoor, checkedIn: true, openCase: false), direction: .in).allow)
    }

    @Test("lockdown: the first failing requirement is the reason")
    func firstFailingIsReason() {
        let both = GatePolicy.lockdown.decide(Self.facts(.buildingDoor, checkedIn: false, openCase: true), direction: .in)
        #expect(both.reason == "checkin_missing")
        // The order is the rule's order: with the requirements listed the other way round, the open case comes first.
        let reversed = GatePolicy(name: "r", curfew: nil, secondApprovalHours: 24, rules: [
            .init(kinds: [.buildingDoor], direction: .in, require: [.noOpenCase, .checkedInToday]),
        ])
        #expect(reversed.decide(Self.facts(.buildingDoor, checkedIn: false, openCase: true), direction: .in).reason == "open_case")
    }

    @Test("lockdown: leaving a building, or a rule's direction not matching, asks nothing")
    func directionMatters() {
        let d = GatePolicy.lockdown.decide(Self.facts(.buildingDoor, active: false, checkedIn: false, openCase: true), direction: .out)
        #expect(d.allow)
    }

    @Test("A rule without a direction applies both ways")
    func ruleWithoutDirection() {
        let policy = GatePolicy(name: "clinic only", curfew: nil, secondApprovalHours: 24, rules: [
            .init(kinds: [.library], direction: nil, require: [.noOpenCase]),
        ])
        for direction in AccessEvent.Direction.allCases {
            #expect(policy.decide(Self.facts(.library, openCase: true), direction: direction).reason == "open_case")
        }
        #expect(policy.decide(Self.facts(.canteen, openCase: true), direction: .in).allow)
    }

    @Test("The requirements of several rules are listed in rule order, without repeats")
    func requirementsWithoutRepeats() {
        let policy = GatePolicy(name: "p", curfew: nil, secondApprovalHours: 24, rules: [
            .init(kinds: [.canteen], direction: .in, require: [.checkedInToday, .noOpenCase]),
            .init(kinds: [.canteen, .library], direction: nil, require: [.activeStudent, .checkedInToday]),
            .init(kinds: [.canteen], direction: .out, require: [.approvedLeave]),
        ])
        #expect(policy.requirements(at: .canteen, .in) == [.checkedInToday, .noOpenCase, .activeStudent])
        #expect(policy.requirements(at: .canteen, .out) == [.activeStudent, .checkedInToday, .approvedLeave])
        #expect(policy.requirements(at: .clinic, .in).isEmpty)
    }

    @Test("A decision names the policy version it followed, allowed or not")
    func carriesVersion() {
        var policy = GatePolicy.lockdown
        policy.version = 7
        #expect(policy.decide(Self.facts(.campusGate), direction: .out).policyVersion == 7)
        #expect(policy.decide(Self.facts(.campusGate, leave: true), direction: .out).policyVersion == 7)
        #expect(GatePolicy.lockdown.version == 0)
    }

    @Test("exitNeedsLeave: under lockdown only campus gates; under normal nothing; any rule requiring leave on the way out counts")
    func exitNeedsLeave() {
        for kind in AccessPoint.Kind.allCases {
            #expect(GatePolicy.lockdown.exitNeedsLeave(at: kind) == (kind == .campusGate))
            #expect(!GatePolicy.normal.exitNeedsLeave(at: kind))
        }
        let anyWay = GatePolicy(name: "p", curfew: nil, secondApprovalHours: 24, rules: [
            .init(kinds: [.venue], direction: nil, require: [.approvedLeave]),
            .init(kinds: [.campusGate], direction: .in, require: [.approvedLeave]),
            .init(kinds: [.library], direction: .out, require: [.checkedInToday]),
        ])
        #expect(anyWay.exitNeedsLeave(at: .venue))
        #expect(!anyWay.exitNeedsLeave(at: .campusGate))
        #expect(!anyWay.exitNeedsLeave(at: .library))
    }

    @Test("validated names every bad field: name, curfew, secondApprovalHours and each rule's kinds and require")
    func validationNamesFields() throws {
        let bad = GatePolicy(name: "  ", curfew: 1440, secondApprovalHours: 0, rules: [
            .init(kinds: [], direction: .in, require: []),
            .init(kinds: [.canteen], direction: nil, require: []),
        ])
        #expect(try Self.fields(bad) == ["name", "curfew", "secondApprovalHours", "rules[0].kinds", "rules[0].require", "rules[1].require"])
        #expect(try Self.fields(GatePolicy(name: String(repeating: "长", count: 51), curfew: -1, secondApprovalHours: 1441, rules: []))
            == ["name", "curfew", "secondApprovalHours"])
        let many = Array(repeating: GatePolicy.Rule(kinds: [.canteen], direction: .in, require: [.activeStudent]), count: 51)
        #expect(try Self.fields(GatePolicy(name: "p", curfew: nil, secondApprovalHours: 24, rules: many)) == ["rules"])
    }

    @Test("validated accepts the limits and trims the name")
    func validationAcceptsLimits() throws {
        for (curfew, hours) in [(0, 1), (1439, 1440), (nil, 72)] as [(Int?, Int)] {
            let ok = try GatePolicy(name: " 封闭管理 ", curfew: curfew, secondApprovalHours: hours, rules: GatePolicy.lockdown.rules).validated()
            #expect(ok.name == "封闭管理")
            #expect(ok.curfew == curfew)
            #expect(ok.secondApprovalHours == hours)
            #expect(ok.rules == GatePolicy.lockdown.rules)
        }
        #expect(try GatePolicy.normal.validated() == .normal)
        #expect(try GatePolicy.lockdown.validated() == .lockdown)
    }

    @Test("A policy survives a JSON round trip with its rules, and kinds and requirements are written as the contract's codes")
    func jsonRoundTrip() throws {
        var policy = GatePolicy.lockdown
        policy.version = 4
        policy.rules.append(.init(kinds: [.clinic], direction: nil, require: [.activeStudent]))
        let data = try JSONEncoder().encode(policy)
        let decoded = try JSONDecoder().decode(GatePolicy.self, from: data)
        #expect(decoded == policy)
        #expect(decoded.rules.count == GatePolicy.lockdown.rules.count + 1)
        #expect(decoded.rules.last?.direction == nil)
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(text.contains("\"campus_gate\""))
        #expect(text.contains("\"building_door\""))
        #expect(text.contains("\"approved_leave\""))
        #expect(text.contains("\"checked_in_today\""))
        #expect(try JSONDecoder().decode(GatePolicy.self, from: JSONEncoder().encode(GatePolicy.normal)) == .normal)
    }
}

@Suite("AccessPoint: a point from what a client sent")
struct GateAccessPointTests {
    @Test("place defaults to the code; code and name are trimmed")
    func placeDefaultsToCode() throws {
        let p = try AccessPoint.validated(code: " canteen-1-east ", name: " 一食堂东门 ", kind: "canteen", place: nil)
        #expect(p == AccessPoint(code: "canteen-1-east", name: "一食堂东门", kind: .canteen, place: "canteen-1-east"))
        #expect(try AccessPoint.validated(code: "c1", name: "n", kind: "canteen", place: "  ").place == "c1")
        #expect(try AccessPoint.validated(code: "B1-door", name: "1号楼", kind: "building_door", place: "B1").place == "B1")
    }

    @Test("Each bad field is named: code, name, kind, place")
    func namesFields() throws {
        let error = try #require(throws: DomainError.self) {
            try AccessPoint.validated(code: "bad code!", name: "", kind: "gate", place: String(repeating: "x", count: 101))
        }
        #expect(error.kind == .invalid)
        #expect(error.fieldErrors.map(\.field) == ["code", "name", "kind", "place"])
    }

    @Test("Only canteen, bathhouse, clinic, classroom, library and venue count for co-presence")
    func coPresenceKinds() {
        #expect(Set(AccessPoint.Kind.coPresenceKinds) == [.canteen, .bathhouse, .clinic, .classroom, .library, .venue])
        #expect(!AccessPoint.Kind.campusGate.countsForCoPresence)
        #expect(!AccessPoint.Kind.buildingDoor.countsForCoPresence)
        #expect(Set(AccessPoint.Kind.allCases.map(\.rawValue))
            == ["campus_gate", "building_door", "canteen", "bathhouse", "clinic", "classroom", "library", "venue"])
    }
}
