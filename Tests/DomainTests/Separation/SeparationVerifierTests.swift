import Separation
import Testing

@Suite("Verifier: the contract's validity rules 1–4 for space-time separation, every problem listed")
struct SeparationVerifierTests {
    typealias F = SeparationFixture

    static func problem(_ kind: PlanProblem.Kind, demands: [Int], visits: [Int], _ resource: Resource? = nil) -> PlanProblem {
        PlanProblem(kind, demands: demands, visits: visits, resource: resource)
    }

    @Test("The hand-checked plan is valid, and so are its neighbours that only touch another visit's interval")
    func acceptsValidPlan() throws {
        #expect(try F.verify(F.valid) == [])
        #expect(try F.verify(F.plan(changing: 1) { $0.start = 441 }) == [])   // J at [438,440) after v0's [436,438)
        #expect(try F.verify(F.plan(changing: 2) { $0.start = 446 }) == [])   // g1 from 440, v0 holds it to 440
        #expect(try F.verify(F.plan(changing: 3) { $0.start = 502 }) == [])   // H1–T from 496, v2 walks it back to 496
        #expect(try F.verify(F.plan(changing: 0) { $0.start = 390 }) == [])   // the window's first minute
        #expect(try F.verify(F.plan(changing: 2) { $0.start = 590 }) == [])   // ends exactly at window[1]
    }

    // MARK: rule 1

    @Test("Rule 1: a demand without a visit is missing; a second visit for a demand is extra, with both visits")
    func oneVisitPerDemand() throws {
        #expect(try F.verify([F.valid[0], F.valid[2], F.valid[3]]) == [Self.problem(.missingVisit, demands: [1], visits: [])])
        let twice = F.valid + [Visit(demand: 1, facility: "canteen-1", start: 500, route: ["H2", "J", "C"])]
        #expect(try F.verify(twice) == [Self.problem(.extraVisit, demands: [1], visits: [1, 4])])
        let stray = F.valid + [Visit(demand: 4, facility: "canteen-1", start: 500, route: ["H2", "J", "C"])]
        #expect(try F.verify(stray) == [Self.problem(.unknownDemand, demands: [], visits: [4])])
    }

    @Test("Rule 1: the facility must exist and be of the demand's kind")
    func facilityOfItsKind() throws {
        let wrong = F.plan(changing: 2) { $0.facility = "canteen-1"; $0.route = ["H1", "J", "C"] }
        #expect(try F.verify(wrong) == [Self.problem(.wrongKind, demands: [2], visits: [2], Resource(.facility, "canteen-1"))])
        let unknown = F.plan(changing: 2) { $0.facility = "test-9" }
        #expect(try F.verify(unknown) == [Self.problem(.unknownFacility, demands: [2], visits: [2], Resource(.facility, "test-9"))])
    }

    @Test("Rule 1: the start is a multiple of slotMinutes")
    func startOnSlot() throws {
        var fives = F.problem
        fives.slotMinutes = 5
        #expect(try F.verify(F.valid, problem: fives) == [])
        #expect(try F.verify(F.plan(changing: 1) { $0.start = 446 }, problem: fives) == [Self.problem(.offSlot, demands: [1], visits: [1])])
    }

    @Test("Rule 1: start ≥ window[0] and start + minutes ≤ window[1]")
    func withinWindow() throws {
        #expect(try F.verify(F.plan(changing: 0) { $0.start = 389 }) == [Self.problem(.beforeWindow, demands: [0], visits: [0])])
        #expect(try F.verify(F.plan(changing: 2) { $0.start = 591 }) == [Self.problem(.afterWindow, demands: [2], visits: [2])])
    }

    // MARK: rule 2

    @Test("Rule 2: the route runs from the group's home to the facility's node")
    func routeEnds() throws {
        #expect(try F.verify(F.plan(changing: 2) { $0.route = ["J", "T"] })
                == [Self.problem(.routeNotFromHome, demands: [2], visits: [2], Resource(.group, "g1"))])
        #expect(try F.verify(F.plan(changing: 2) { $0.route = ["H1", "J"] })
                == [Self.problem(.routeNotToFacility, demands: [2], visits: [2], Resource(.facility, "test-1"))])
        #expect(try F.verify(F.plan(changing: 2) { $0.route = [] })
                == [Self.problem(.routeNotFromHome, demands: [2], visits: [2], Resource(.group, "g1")),
                    Self.problem(.routeNotToFacility, demands: [2], visits: [2], Resource(.facility, "test-1"))])
    }

    @Test("Rule 2: every step of the route is an edge; unknown nodes are steps off the edges")
    func routeOverEdges() throws {
        #expect(try F.verify(F.plan(changing: 2) { $0.route = ["H1", "J", "C", "T"] })
                == [Self.problem(.notAnEdge, demands: [2], visits: [2], Resource(.edge, "C", to: "T"))])
        #expect(try F.verify(F.plan(changing: 2) { $0.route = ["H1", "X", "T"] })
                == [Self.problem(.notAnEdge, demands: [2], visits: [2], Resource(.edge, "H1", to: "X")),
                    Self.problem(.notAnEdge, demands: [2], visits: [2], Resource(.edge, "X", to: "T"))])
    }

    @Test("Rule 2: the route is a shortest one (H1 J T takes 7 minutes, H1 T takes 6)")
    func routeShortest() throws {
        #expect(try F.verify(F.plan(changing: 2) { $0.route = ["H1", "J", "T"] })
                == [Self.problem(.notShortest, demands: [2], visits: [2], Resource(.facility, "test-1"))])
    }

    // MARK: rules 3 and 4

    @Test("Rules 3–4: a facility is held for the visit and its buffer; without the buffer the same plan is valid")
    func facilityWithBuffer() throws {
        let early = F.plan(changing: 1) { $0.start = 435 }   // canteen [435,455) against v0's [420,440)
        #expect(try F.verify(early) == [Self.problem(.overlap, demands: [0, 1], visits: [0, 1], Resource(.facility, "canteen-1"))])
        var noBuffer = F.problem
        noBuffer.facilities[0].bufferMinutes = 0
        #expect(try F.verify(early, problem: noBuffer) == [])
    }

    @Test("Rules 3–4: a group is held from leaving home to coming back")
    func groupWhileOut() throws {
        let overlapping = F.plan(changing: 2) { $0.start = 435 }   // g1 [429,451) against v0's [415,440)
        #expect(try F.verify(overlapping) == [Self.problem(.overlap, demands: [0, 2], visits: [0, 2], Resource(.group, "g1"))])
    }

    @Test("Rules 3–4: an edge is held while walked, out and back, whichever way")
    func edgeWhileWalked() throws {
        let overlapping = F.plan(changing: 3) { $0.start = 495 }   // out on H1–T [489,495) against v2 back [490,496)
        #expect(try F.verify(overlapping) == [Self.problem(.overlap, demands: [2, 3], visits: [2, 3], Resource(.edge, "H1", to: "T"))])
    }

    @Test("Rules 3–4: an inner node is held one minute either side of the group passing it")
    func innerNodeAroundPassing() throws {
        let overlapping = F.plan(changing: 1) { $0.start = 440 }   // J [437,439) out against v0's [436,438) back
        #expect(try F.verify(overlapping) == [Self.problem(.overlap, demands: [0, 1], visits: [0, 1], Resource(.node, "J"))])
    }

    @Test("Every problem is listed: visit by visit, then demand by demand, then overlaps by resource")
    func listsEveryProblem() throws {
        let visits = [F.valid[0], Visit(demand: 1, facility: "canteen-1", start: 435, route: ["H2", "J", "C"]),
                      Visit(demand: 2, facility: "test-1", start: 480, route: ["H1", "J", "T"]),
                      Visit(demand: 9, facility: "shop-1", start: 510, route: ["H1", "T"])]
        #expect(try F.verify(visits) == [
            Self.problem(.notShortest, demands: [2], visits: [2], Resource(.facility, "test-1")),
            Self.problem(.unknownDemand, demands: [], visits: [3]),
            Self.problem(.missingVisit, demands: [3], visits: []),
            Self.problem(.overlap, demands: [0, 1], visits: [0, 1], Resource(.facility, "canteen-1")),
        ])
    }

    @Test("Two visits holding several resources at once are reported once per resource")
    func oncePerResource() throws {
        let same = F.plan(changing: 1) { $0.demand = 0; $0.start = 420; $0.route = ["H1", "J", "C"] }
        let overlaps = try F.verify(same).filter { $0.kind == .overlap }
        #expect(overlaps.map(\.resource) == [Resource(.facility, "canteen-1"), Resource(.group, "g1"), Resource(.edge, "H1", to: "J"),
                                             Resource(.edge, "J", to: "C"), Resource(.node, "J")])
        #expect(overlaps.allSatisfy { $0.demands == [0, 0] && $0.visits == [0, 1] })
    }
}
