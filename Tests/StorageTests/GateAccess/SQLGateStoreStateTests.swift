import Cases
import CampusKit
import CheckIns
import Foundation
import GateAccess
import Roster
import ShouhuTestSupport
import Storage
import Testing

@Suite("Gate store: presence moves forward only, gate facts, and alerts raised once")
struct SQLGateStoreStateTests {
    typealias F = CheckInStoreFixtures
    typealias G = GateStoreFixtures

    static let s1 = F.no(1), s2 = F.no(2), s3 = F.no(3), s4 = F.no(4), s5 = F.no(5), s6 = F.no(6)

    static func presence(_ gates: SQLGateStore, _ student: String) async throws -> Presence {
        try #require(try await gates.presence(school: F.school, scope: Scope(students: [student])).first)
    }

    @Test("Presence only moves forward: an older passage arriving after a newer one, or a denied one, changes nothing",
          arguments: TestEngine.available)
    func presenceMovesForward(engine: TestEngine) async throws {
        try await G.withStores(engine) { stores in
            let gates = stores.gates
            var now = try await Self.presence(gates, Self.s1)
            #expect(now.onCampus == nil && now.lastGateAt == nil && now.inBuilding == nil)
            #expect(now.homeBuilding == "1号楼")

            try await G.ingest(gates, [G.event("g1", "south-gate", Self.s1, .in, G.t(20 * 60))])
            try await G.ingest(gates, [G.event("d1", "b1-door", Self.s1, .in, G.t(20 * 60 + 30))])
            now = try await Self.presence(gates, Self.s1)
            #expect(now.onCampus == true && now.lastGateAt == G.t(20 * 60) && now.inBuilding == "1号楼")

            // Older passages, at another gate and at the door, arriving later.
            try await G.ingest(gates, [G.event("g0", "north-gate", Self.s1, .out, G.t(18 * 60))])
            try await G.ingest(gates, [G.event("d0", "b1-door", Self.s1, .out, G.t(20 * 60 + 15)),
                                       G.event("g00", "south-gate", Self.s1, .out, G.t(19 * 60))])
            now = try await Self.presence(gates, Self.s1)
            #expect(now.onCampus == true, "an older out does not take the student off campus")
            #expect(now.lastGateAt == G.t(20 * 60))
            #expect(now.inBuilding == "1号楼", "an older door out does not take the student out of the building")

            // Denied passages never happened.
            try await G.ingest(gates, [G.event("g2", "south-gate", Self.s1, .out, G.t(22 * 60), granted: false),
                                       G.event("d2", "b1-door", Self.s1, .out, G.t(22 * 60), granted: false)])
            #expect(try await Self.presence(gates, Self.s1) == now)

            // Within one batch the newest counts, whatever the order the batch lists them in.
            try await G.ingest(gates, [G.event("g3", "south-gate", Self.s1, .out, G.t(23 * 60)),
                                       G.event("g4", "north-gate", Self.s1, .in, G.t(21 * 60)),
                                       G.event("d3", "b1-door", Self.s1, .out, G.t(22 * 60 + 50)),
                                       G.event("d4", "b1-door", Self.s1, .in, G.t(21 * 60 + 30))])
            now = try await Self.presence(gates, Self.s1)
            #expect(now.onCampus == false && now.lastGateAt == G.t(23 * 60) && now.inBuilding == nil)

            // And once more, older ones after it.
            try await G.ingest(gates, [G.event("g5", "south-gate", Self.s1, .in, G.t(22 * 60)),
                                       G.event("d5", "b1-door", Self.s1, .in, G.t(22 * 60 + 40))])
            #expect(try await Self.presence(gates, Self.s1) == now)

            // A door alone: in a building, so on campus; other students untouched; only active students listed.
            try await G.ingest(gates, [G.event("d6", "b6-door", Self.s2, .in, G.t(8 * 60)),
                                       G.event("g6", "south-gate", Self.s6, .out, G.t(8 * 60))])
            let two = try await Self.presence(gates, Self.s2)
            #expect(two.onCampus == true && two.lastGateAt == nil && two.inBuilding == "6号楼")
            let everyone = try await gates.presence(school: F.school, scope: .school)
            #expect(everyone.map(\.studentNo) == [1, 2, 3, 4, 5, 7].map(F.no), "active students by number")
            #expect(everyone.filter { $0.onCampus != nil }.map(\.studentNo) == [Self.s1, Self.s2])
        }
    }

    static func facts(_ gates: SQLGateStore, _ student: String, at instant: Date, day: CampusDay = F.day) async throws -> GateFacts? {
        try await gates.facts(school: F.school, studentNo: student, point: G.byCode["south-gate"]!, day: day, at: instant)
    }

    @Test("Facts read leave (approved and covering the instant), today's check-in, open cases and the roster status",
          arguments: TestEngine.available)
    func facts(engine: TestEngine) async throws {
        try await G.withStores(engine) { stores in
            let gates = stores.gates
            let plain = try #require(try await Self.facts(gates, Self.s1, at: F.at(9)))
            #expect(plain == GateFacts(point: G.byCode["south-gate"]!, studentNo: Self.s1, active: true, onApprovedLeave: false,
                                       checkedInToday: false, hasOpenCase: false))
            #expect(try await Self.facts(gates, "2099999999", at: F.at(9)) == nil)

            // Leave: approved over [08:00, 12:00) for 001; the same window pending for 002, refused for 003, cancelled for 004.
            try await stores.leaves.insert(G.leave("l1", Self.s1, from: F.at(8), to: F.at(12)), school: F.school)
            try await stores.leaves.insert(G.leave("l2", Self.s2, from: F.at(8), to: F.at(12), status: .pending), school: F.school)
            try await stores.leaves.insert(G.leave("l3", Self.s3, from: F.at(8), to: F.at(12), status: .refused), school: F.school)
            try await stores.leaves.insert(G.leave("l4", Self.s4, from: F.at(8), to: F.at(12), status: .cancelled), school: F.school)
            for (instant, expected) in [(F.at(7, 59, 59), false), (F.at(8), true), (F.at(11, 59, 59), true), (F.at(12), false)] {
                #expect(try await Self.facts(gates, Self.s1, at: instant)?.onApprovedLeave == expected, "\(instant)")
            }
            for s in [Self.s2, Self.s3, Self.s4] {
                #expect(try await Self.facts(gates, s, at: F.at(9))?.onApprovedLeave == false, "\(s)")
            }

            // Check-in: counts for its own day only.
            try await F.record(stores.checkIns, F.checkIn(Self.s2, at: F.at(7)))
            #expect(try await Self.facts(gates, Self.s2, at: F.at(9))?.checkedInToday == true)
            #expect(try await Self.facts(gates, Self.s2, at: F.at(9, on: F.nextDay), day: F.nextDay)?.checkedInToday == false)
            #expect(try await Self.facts(gates, Self.s1, at: F.at(9))?.checkedInToday == false)

            // A case: open, then closed.
            let opened = try await stores.cases.openCase(school: F.school, studentNo: Self.s3, source: .manual, summary: "发热", by: "T001", at: F.at(8))
            #expect(opened.opened)
            #expect(try await Self.facts(gates, Self.s3, at: F.at(9))?.hasOpenCase == true)
            #expect(try await Self.facts(gates, Self.s1, at: F.at(9))?.hasOpenCase == false)
            _ = try await stores.cases.close(school: F.school, id: opened.id, outcome: "退烧", by: "T001", at: F.at(10))
            #expect(try await Self.facts(gates, Self.s3, at: F.at(11))?.hasOpenCase == false)

            // Status: suspended and off-campus students are not active.
            #expect(try await Self.facts(gates, Self.s6, at: F.at(9))?.active == false)
            #expect(try await Self.facts(gates, F.no(8), at: F.at(9))?.active == false)
            #expect(try await Self.facts(gates, F.no(7), at: F.at(9))?.active == true)

            // Inside a transaction (where PostgreSQL runs the statement through SQLKit, not prepared on a pooled
            // connection) the facts see the transaction's own writes.
            let (cases, database) = (stores.cases, stores.database)
            let inside = try await database.perform {
                _ = try await cases.openCase(school: F.school, studentNo: Self.s1, source: .manual, summary: "咳嗽", by: "T001", at: F.at(9))
                return try await Self.facts(gates, Self.s1, at: F.at(9))
            }
            #expect(inside?.hasOpenCase == true && inside?.onApprovedLeave == true && inside?.active == true)
        }
    }

    static func alerts(_ gates: SQLGateStore, kind: AccessAlert.Kind? = nil, scope: Scope = .school) async throws -> [String] {
        try await gates.alerts(school: F.school, scope: scope, since: G.wide.start, kind: kind, page: PageRequest(limit: 1000)).items
            .map { "\($0.kind.rawValue)/\($0.studentNo)" }.sorted()
    }

    /// The curfew check as the gate job runs it: who is out (the store), who of them is absent (the rule), raised
    /// once (the store), in one unit of work. The students raised now.
    static func raiseCurfew(_ stores: G.Stores, day: CampusDay, at now: Date) async throws -> [String] {
        let gates = stores.gates
        return try await stores.database.perform {
            let away = try await gates.lastOut(school: F.school, at: now)
            return try await gates.raise(Curfew.absentees(away.passages, onLeave: away.onLeave, day: day, at: now, timeZone: F.shanghai),
                                         school: F.school).sorted()
        }
    }

    /// The overdue-leave check as the gate job runs it.
    static func raiseOverdue(_ stores: G.Stores, at now: Date) async throws -> [String] {
        let gates = stores.gates
        return try await stores.database.perform {
            try await gates.raise(LeaveTracker.overdue(try await gates.departedLeaves(school: F.school), at: now), school: F.school).sorted()
        }
    }

    static func details(_ gates: SQLGateStore, kind: AccessAlert.Kind) async throws -> [String] {
        try await gates.alerts(school: F.school, scope: .school, since: G.wide.start, kind: kind, page: PageRequest(limit: 1000)).items
            .map { "\($0.studentNo) \($0.detail)" }.sorted()
    }

    @Test("Curfew alerts are raised once per student and day, overdue-leave alerts once per leave, exit alerts once per event",
          arguments: TestEngine.available)
    func alertsOnce(engine: TestEngine) async throws {
        try await G.withStores(engine) { stores in
            let gates = stores.gates
            let next = { (h: Int) in F.at(h, on: F.nextDay) }
            try await stores.leaves.insert(G.leave("l2", Self.s2, from: F.at(18), to: next(12)), school: F.school)
            try await stores.leaves.insert(G.leave("l4", Self.s4, from: F.at(8), to: F.at(10)), school: F.school)
            try await stores.leaves.insert(G.leave("l5", Self.s5, from: F.at(8), to: F.at(12)), school: F.school)
            let events = [
                G.event("a1", "south-gate", Self.s1, .out, F.at(20)),       // no leave: away after curfew
                G.event("a2", "south-gate", Self.s2, .out, F.at(19)),       // on leave until tomorrow noon, then overdue
                G.event("a3", "south-gate", Self.s3, .out, F.at(17)),       // back at 18:00
                G.event("a3b", "north-gate", Self.s3, .in, F.at(18)),
                G.event("a5", "south-gate", Self.s5, .out, F.at(9)),        // left and came back within the leave
                G.event("a5b", "south-gate", Self.s5, .in, F.at(11)),
                G.event("a6", "south-gate", Self.s6, .out, F.at(20)),       // suspended: no curfew
                G.event("x1", "b1-door", Self.s1, .in, F.at(19, 50), granted: false),
            ]
            try await G.ingest(gates, events, exitNeedsLeave: [.campusGate])
            try await G.ingest(gates, events, exitNeedsLeave: [.campusGate])   // resent: nothing new
            #expect(try await Self.alerts(gates) == ["denied/\(Self.s1)", "exit_without_leave/\(Self.s1)", "exit_without_leave/\(Self.s3)",
                                                     "exit_without_leave/\(Self.s6)"])
            let l2 = try await stores.leaves.leave(school: F.school, id: "l2", scope: .school)
            #expect(l2?.departedAt == F.at(19) && l2?.returnedAt == nil)
            let l5 = try await stores.leaves.leave(school: F.school, id: "l5", scope: .school)
            #expect(l5?.departedAt == F.at(9) && l5?.returnedAt == F.at(11))

            #expect(try await Self.raiseCurfew(stores, day: F.day, at: F.at(23)) == [Self.s1])
            #expect(try await Self.raiseCurfew(stores, day: F.day, at: F.at(23)) == [])
            #expect(try await Self.raiseCurfew(stores, day: F.day, at: F.at(23, 30)) == [], "once per day")
            #expect(try await Self.alerts(gates, kind: .curfew) == ["curfew/\(Self.s1)"])
            // When the student last went out, in the school's time.
            #expect(try await Self.details(gates, kind: .curfew) == ["\(Self.s1) 最后出校 3月2日 20:00"])
            #expect(try await Self.raiseCurfew(stores, day: F.nextDay, at: next(23)) == [Self.s1, Self.s2], "a new day; 002's leave has ended")
            #expect(try await Self.raiseCurfew(stores, day: F.nextDay, at: next(23)) == [])
            #expect(try await Self.alerts(gates, kind: .curfew) == ["curfew/\(Self.s1)", "curfew/\(Self.s1)", "curfew/\(Self.s2)"])
            #expect(try await Self.details(gates, kind: .curfew) == ["\(Self.s1) 最后出校 3月2日 20:00", "\(Self.s1) 最后出校 3月2日 20:00",
                                                                    "\(Self.s2) 最后出校 3月2日 19:00"])

            #expect(try await Self.raiseOverdue(stores, at: next(11)) == [], "not over yet")
            #expect(try await Self.raiseOverdue(stores, at: next(13)) == [Self.s2])
            #expect(try await Self.raiseOverdue(stores, at: next(13)) == [])
            #expect(try await Self.raiseOverdue(stores, at: next(20)) == [])
            #expect(try await Self.alerts(gates, kind: .leaveOverdue) == ["leave_overdue/\(Self.s2)"])
            #expect(try await Self.details(gates, kind: .leaveOverdue) == ["\(Self.s2) 市医院"])

            // Scoped: the class 信息2101 (001, 002, 003) sees only its students' alerts.
            let scoped = try await Self.alerts(gates, scope: Scope(units: [UnitKey(.class, "信息2101")]))
            #expect(scoped == ["curfew/\(Self.s1)", "curfew/\(Self.s1)", "curfew/\(Self.s2)", "denied/\(Self.s1)",
                               "exit_without_leave/\(Self.s1)", "exit_without_leave/\(Self.s3)", "leave_overdue/\(Self.s2)"])
            #expect(try await Self.alerts(gates, scope: .nothing).isEmpty)
        }
    }

    @Test("A return that arrives in an earlier batch than its departure still closes the leave: no overdue alert for a student on campus",
          arguments: TestEngine.available)
    func returnBeforeDeparture(engine: TestEngine) async throws {
        try await G.withStores(engine) { stores in
            let gates = stores.gates
            try await stores.leaves.insert(G.leave("l1", Self.s1, from: F.at(9), to: F.at(18)), school: F.school)
            // The south gate uploads its in-swipe first; the north gate, offline for a while, its out-swipe later.
            try await G.ingest(gates, [G.event("back", "south-gate", Self.s1, .in, F.at(17))], exitNeedsLeave: [.campusGate])
            try await G.ingest(gates, [G.event("left", "north-gate", Self.s1, .out, F.at(9, 30))], exitNeedsLeave: [.campusGate])
            #expect(try await Self.presence(gates, Self.s1).onCampus == true)
            let leave = try await stores.leaves.leave(school: F.school, id: "l1", scope: .school)
            #expect(leave?.departedAt == F.at(9, 30))
            #expect(leave?.returnedAt == F.at(17), "the return was stored before the departure arrived")
            #expect(try await Self.raiseOverdue(stores, at: F.at(20)) == [], "the student is back on campus")
            #expect(try await Self.alerts(gates).isEmpty)
        }
    }

    @Test("Back without a gate swipe (tailgating in): the first canteen swipe after leaving returns the leave and puts the student on campus — no overdue alert, one answer on every page",
          arguments: TestEngine.available)
    func backSeenInside(engine: TestEngine) async throws {
        try await G.withStores(engine) { stores in
            let gates = stores.gates
            try await stores.leaves.insert(G.leave("l1", Self.s1, from: F.at(9), to: F.at(18)), school: F.school)
            try await G.ingest(gates, [G.event("left", "north-gate", Self.s1, .out, F.at(9, 30))], exitNeedsLeave: [.campusGate])
            #expect(try await gates.presence(school: F.school, studentNo: Self.s1, scope: .school)?.onCampus == false)
            try await G.ingest(gates, [G.event("lunch", "canteen-1-east", Self.s1, .in, F.at(17, 40))], exitNeedsLeave: [.campusGate])
            let one = try #require(try await gates.presence(school: F.school, studentNo: Self.s1, scope: .school))
            #expect(one.onCampus == true, "a canteen swipe after the exit means inside")
            #expect(one.inBuilding == nil, "a canteen is not a building")
            #expect(try await Self.presence(gates, Self.s1) == one, "the list and the single read agree")
            #expect(try await gates.presence(school: F.school, studentNo: Self.s1, scope: .nothing) == nil, "outside the scope: no answer")
            let leave = try await stores.leaves.leave(school: F.school, id: "l1", scope: .school)
            #expect(leave?.returnedAt == F.at(17, 40))
            #expect(try await Self.raiseOverdue(stores, at: F.at(20)) == [], "back on campus, not overdue")
            let night = try await gates.lastOut(school: F.school, at: F.at(23)).passages[Self.s1]
            #expect(night?.wentOut != true, "the curfew check does not count the student out")
        }
    }
}
