import CampusKit
import Separation
import Testing

@Suite("SeparationProblem validation: bad input is refused, each issue naming its field")
struct SeparationValidationTests {
    typealias F = SeparationFixture

    static func issues(_ change: (inout SeparationProblem) -> Void) -> [InputIssue] {
        var problem = F.problem
        change(&problem)
        return problem.validate()
    }

    @Test("The hand-checked problem and the generated campuses are valid")
    func validProblems() {
        #expect(F.problem.validate() == [])
        #expect(SeparationInstances.campus(groups: 40, demandsPerGroup: 5, seed: 3).validate() == [])
    }

    @Test("Unknown nodes in edges, homes and facilities are named")
    func unknownNodes() {
        #expect(Self.issues { $0.edges.append(.init(a: "X", b: "J", minutes: 2)) } == [InputIssue("edges[5].a", .unknownNode)])
        #expect(Self.issues { $0.edges[3].b = "Y" } == [InputIssue("edges[3].b", .unknownNode)])
        #expect(Self.issues { $0.groups[1].home = "H9" } == [InputIssue("groups[1].home", .unknownNode)])
        #expect(Self.issues { $0.facilities[2].node = "Q" } == [InputIssue("facilities[2].node", .unknownNode)])
    }

    @Test("A facility no path reaches from the home of a group needing its kind is unreachable; one nobody needs is not")
    func unreachableFacility() {
        #expect(Self.issues { $0.nodes.append("Z"); $0.facilities[1].node = "Z" } == [InputIssue("facilities[1].node", .unreachable)])
        #expect(Self.issues {
            $0.nodes.append("Z")
            $0.facilities.append(.init(code: "bath-1", kind: "shower", node: "Z", bufferMinutes: 0))
        } == [])
    }

    @Test("Minutes: negative or zero walks and visits, negative buffers and sizes, times outside the day")
    func minutesInRange() {
        #expect(Self.issues { $0.edges[0].minutes = -3 } == [InputIssue("edges[0].minutes", .notPositive)])
        #expect(Self.issues { $0.edges[0].minutes = 0 } == [InputIssue("edges[0].minutes", .notPositive)])
        #expect(Self.issues { $0.facilities[0].bufferMinutes = -1 } == [InputIssue("facilities[0].bufferMinutes", .negative)])
        #expect(Self.issues { $0.demands[1].minutes = -15 } == [InputIssue("demands[1].minutes", .notPositive)])
        #expect(Self.issues { $0.groups[2].size = -1 } == [InputIssue("groups[2].size", .negative)])
        #expect(Self.issues { $0.demands[0].window = [-5, 540] } == [InputIssue("demands[0].window[0]", .outOfRange)])
        #expect(Self.issues { $0.demands[0].window = [390, 1441] } == [InputIssue("demands[0].window[1]", .outOfRange)])
        #expect(Self.issues { $0.demands[0].preferred = 2000 } == [InputIssue("demands[0].preferred", .outOfRange)])
    }

    @Test("A window shorter than its visit, or not two values, is refused; one exactly as long is accepted")
    func windowFitsVisit() {
        #expect(Self.issues { $0.demands[0].window = [390, 404] } == [InputIssue("demands[0].window", .windowShorterThanVisit)])
        #expect(Self.issues { $0.demands[0].window = [390, 405] } == [])
        #expect(Self.issues { $0.demands[0].window = [390] } == [InputIssue("demands[0].window", .notAPair)])
    }

    @Test("slotMinutes of 0 or less is refused")
    func slotPositive() {
        #expect(Self.issues { $0.slotMinutes = 0 } == [InputIssue("slotMinutes", .notPositive)])
        #expect(Self.issues { $0.slotMinutes = -5 } == [InputIssue("slotMinutes", .notPositive)])
    }

    @Test("A demand naming an unknown group, or a kind no facility has, is refused")
    func demandReferences() {
        #expect(Self.issues { $0.demands[3].group = "g9" } == [InputIssue("demands[3].group", .unknownGroup)])
        #expect(Self.issues { $0.demands[3].kind = "shower" } == [InputIssue("demands[3].kind", .unknownKind)])
    }

    @Test("Duplicate codes and nodes are named at their second occurrence; so is a second edge between two nodes, and a loop")
    func duplicates() {
        #expect(Self.issues { $0.groups[2].code = "g1" } == [InputIssue("groups[2].code", .duplicate), InputIssue("demands[3].group", .unknownGroup)])
        #expect(Self.issues { $0.facilities[2].code = "test-1" } == [InputIssue("facilities[2].code", .duplicate)])
        #expect(Self.issues { $0.nodes.append("J") } == [InputIssue("nodes[5]", .duplicate)])
        #expect(Self.issues { $0.edges.append(.init(a: "C", b: "J", minutes: 9)) } == [InputIssue("edges[5]", .duplicate)])
        #expect(Self.issues { $0.edges.append(.init(a: "C", b: "C", minutes: 1)) } == [InputIssue("edges[5].b", .loop)])
    }

    @Test("Too many demands are refused before anything else is looked at")
    func tooMany() {
        let demand = F.problem.demands[0]
        #expect(Self.issues { $0.demands = Array(repeating: demand, count: 1001); $0.slotMinutes = 0 }
                == [InputIssue("slotMinutes", .notPositive), InputIssue("demands", .tooMany)])
    }

    @Test("The verifier and the planner refuse a bad problem with every issue as a field error, in field order")
    func refusedAsDomainError() throws {
        var problem = F.problem
        problem.slotMinutes = 0
        problem.edges[3].b = "X"
        problem.demands[2].kind = "shower"
        let expected = [FieldError(field: "slotMinutes", message: InputIssue.Reason.notPositive.words),
                        FieldError(field: "edges[3].b", message: InputIssue.Reason.unknownNode.words),
                        FieldError(field: "demands[2].kind", message: InputIssue.Reason.unknownKind.words)]
        let byVerifier = try #require(throws: DomainError.self) { try Verifier.verify(problem, visits: F.valid) }
        #expect(byVerifier.kind == .invalid)
        #expect(byVerifier.message.hasPrefix("分时方案的输入有误"), "worded for people, Chinese first")
        #expect(byVerifier.fieldErrors == expected)
        let byPlanner = try #require(throws: DomainError.self) { try Planner(now: F.frozen).plan(problem) }
        #expect(byPlanner == byVerifier)
    }
}
