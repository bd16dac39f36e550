import CampusKit
import Foundation
import GateAccess
import Notifications
import Roster
import Testing

@Suite("Gate rules: where a student is, leaves followed at the gate, overdue and curfew alerts, and who is told")
struct GateRulesTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_132_800)   // 2026-11-20 08:00 in Shanghai
    static func at(_ minutes: Int) -> Date { t0.addingTimeInterval(Double(minutes) * 60) }

    static func gate(_ id: String, _ student: String, _ direction: AccessEvent.Direction, _ minutes: Int, granted: Bool = true) -> PlacedEvent {
        PlacedEvent(AccessEvent(eventId: id, accessPoint: "G1", studentNo: student, direction: direction, at: at(minutes), granted: granted),
                    place: "南门", kind: .campusGate)
    }

    static func door(_ id: String, _ student: String, _ direction: AccessEvent.Direction, _ minutes: Int, building: String = "1号楼") -> PlacedEvent {
        PlacedEvent(AccessEvent(eventId: id, accessPoint: "D1", studentNo: student, direction: direction, at: at(minutes), granted: true),
                    place: building, kind: .buildingDoor)
    }

    // MARK: Presence

    @Test("Out through a gate and not seen at a door since: off campus; a door seen after the gate: on campus, in the building entered")
    func presence() {
        let out = LastPassages(gateDirection: .out, gateAt: Self.at(60), doorBuilding: "1号楼", doorDirection: .out, doorAt: Self.at(50))
        #expect(out.wentOut && out.onCampus == false && out.inBuilding == nil)
        let back = LastPassages(gateDirection: .out, gateAt: Self.at(60), doorBuilding: "1号楼", doorDirection: .in, doorAt: Self.at(70))
        #expect(!back.wentOut && back.onCampus == true && back.inBuilding == "1号楼")
        #expect(LastPassages().onCampus == nil)
        #expect(LastPassages(gateDirection: .in, gateAt: Self.at(1)).onCampus == true)
        #expect(LastPassages(gateDirection: .out, gateAt: Self.at(1)).wentOut)
    }

    @Test("The newest granted gate and door passage of each student, whatever the order they arrived in")
    func latest() {
        let events = [Self.gate("3", "S1", .in, 30), Self.gate("1", "S1", .out, 10), Self.gate("9", "S1", .out, 90, granted: false),
                      Self.door("2", "S1", .in, 20), Self.door("4", "S2", .out, 40), Self.door("5", "S2", .in, 35)]
        let latest = LastPassages.latest(of: events)
        #expect(latest.gate.map(\.event.eventId) == ["3"])
        #expect(latest.door.map(\.event.eventId) == ["2", "4"])
    }

    static func canteen(_ id: String, _ student: String, _ minutes: Int) -> PlacedEvent {
        PlacedEvent(AccessEvent(eventId: id, accessPoint: "C1", studentNo: student, direction: .in, at: at(minutes), granted: true),
                    place: "canteen-1", kind: .canteen)
    }

    @Test("Seen anywhere inside after the exit (a canteen, not only a door): on campus; seen inside before the exit: off campus")
    func insideCounts() {
        #expect(LastPassages(gateDirection: .out, gateAt: Self.at(60), insideAt: Self.at(90)).onCampus == true)
        #expect(LastPassages(gateDirection: .out, gateAt: Self.at(60), insideAt: Self.at(30)).onCampus == false)
        #expect(LastPassages(insideAt: Self.at(30)).onCampus == true, "never through a gate but seen inside")
        let latest = LastPassages.latest(of: [Self.canteen("c", "S1", 50), Self.door("d", "S1", .in, 40), Self.gate("g", "S1", .out, 60)])
        #expect(latest.inside.map(\.event.eventId) == ["c"], "the newest passage inside, door or canteen")
    }

    @Test("A leave departed through a gate is returned by the first passage inside — a canteen swipe — when no gate saw the way back")
    func returnSeenInside() {
        let (updates, alerts) = LeaveTracker.follow([Self.canteen("c", "S1", 700), Self.gate("1", "S1", .out, 60)], leaves: [Self.leave],
                                                    returns: [:], exitNeedsLeave: [.campusGate], pointNames: [:])
        #expect(updates == [.departed(leave: "L1", at: Self.at(60), returned: nil), .returned(leave: "L1", at: Self.at(700))])
        #expect(alerts.isEmpty, "a canteen swipe is not an exit")
    }

    // MARK: Leaves at the gate

    static let leave = TrackedLeave(id: "L1", studentNo: "S1", from: at(0), to: at(600), departedAt: nil, returnedAt: nil)

    @Test("An exit within an approved leave departs it, the next entry returns it")
    func departAndReturn() {
        let (updates, alerts) = LeaveTracker.follow([Self.gate("2", "S1", .in, 300), Self.gate("1", "S1", .out, 60)], leaves: [Self.leave],
                                                    returns: [:], exitNeedsLeave: [.campusGate], pointNames: [:])
        #expect(updates == [.departed(leave: "L1", at: Self.at(60), returned: nil), .returned(leave: "L1", at: Self.at(300))])
        #expect(alerts.isEmpty)
    }

    @Test("A departure sent late, after its return was stored, departs and returns the leave at once")
    func lateDeparture() {
        let (updates, _) = LeaveTracker.follow([Self.gate("1", "S1", .out, 60)], leaves: [Self.leave],
                                               returns: ["S1": [Self.at(30), Self.at(400), Self.at(200)]], exitNeedsLeave: [], pointNames: [:])
        #expect(updates == [.departed(leave: "L1", at: Self.at(60), returned: Self.at(200))])
    }

    @Test("An exit no leave covers raises exit_without_leave (named by the point) only when the policy wants leave for gates; entries and refused passages raise nothing")
    func exitWithoutLeave() {
        let events = [Self.gate("1", "S2", .out, 60), Self.gate("2", "S2", .in, 90), Self.gate("3", "S3", .out, 61, granted: false),
                      Self.gate("4", "S1", .out, 700)]
        let (updates, alerts) = LeaveTracker.follow(events, leaves: [Self.leave], returns: [:], exitNeedsLeave: [.campusGate], pointNames: ["G1": "南门"])
        #expect(updates.isEmpty)
        #expect(alerts == [
            AlertDraft(kind: .exitWithoutLeave, studentNo: "S2", at: Self.at(60), detail: "南门", dedupe: "exit|G1|1"),
            AlertDraft(kind: .exitWithoutLeave, studentNo: "S1", at: Self.at(700), detail: "南门", dedupe: "exit|G1|4"),
        ])
        #expect(LeaveTracker.follow(events, leaves: [], returns: [:], exitNeedsLeave: [], pointNames: [:]).alerts.isEmpty)
    }

    @Test("Overdue: departed, not back and past its end — once per leave")
    func overdue() {
        var out = Self.leave
        out.departedAt = Self.at(60)
        out.destination = "市区"
        var back = out
        back.id = "L2"
        back.returnedAt = Self.at(500)
        let alerts = LeaveTracker.overdue([out, back, Self.leave], at: Self.at(601))
        #expect(alerts == [AlertDraft(kind: .leaveOverdue, studentNo: "S1", at: Self.at(600), detail: "市区", dedupe: "overdue|L1")])
        #expect(LeaveTracker.overdue([out], at: Self.at(599)).isEmpty)
    }

    @Test("Curfew: those who went out and whom no leave covers, once per student and day, with the local time of their last exit")
    func curfew() {
        let tz = TimeZone(identifier: "Asia/Shanghai")!
        let day = CampusDay(Self.t0, in: tz)
        let passages = ["S1": LastPassages(gateDirection: .out, gateAt: Self.at(600)),
                        "S2": LastPassages(gateDirection: .out, gateAt: Self.at(600), doorDirection: .in, doorAt: Self.at(610)),
                        "S3": LastPassages(gateDirection: .out, gateAt: Self.at(620))]
        let alerts = Curfew.absentees(passages, onLeave: ["S3"], day: day, at: Self.at(900), timeZone: tz)
        #expect(alerts == [AlertDraft(kind: .curfew, studentNo: "S1", at: Self.at(900), detail: "最后出校 11月20日 18:00", dedupe: "curfew|\(day)|S1")])
    }

    @Test("A refused passage's alert names the point and the direction")
    func denied() {
        let alert = AlertDraft.denied(Self.gate("7", "S1", .in, 5, granted: false), pointName: "南门")
        #expect(alert.kind == .denied && alert.detail == "南门 · 进" && alert.dedupe == "denied|G1|7")
        #expect(AlertDraft.denied(Self.gate("8", "S1", .out, 5, granted: false), pointName: nil).detail == "G1 · 出")
    }

    // MARK: Who is told

    @Test("Alerts: one message to each counsellor naming their students; students without a counsellor tell nobody")
    func alertNotices() {
        let students = [Student(studentNo: "S1", name: "甲", college: "C", className: "1班", counsellor: "T1"),
                        Student(studentNo: "S2", name: "乙", college: "C", className: "2班", counsellor: "T2"),
                        Student(studentNo: "S3", name: "丙", college: "C", className: "1班", counsellor: "T1"),
                        Student(studentNo: "S4", name: "丁", college: "C", className: "1班")]
        let messages = GateNotices.alerts(.curfew, students: students, at: Self.t0)
        #expect(messages.map(\.recipient) == ["T1", "T2"])
        #expect(messages[0].subject == "2 名学生查寝时间后仍在校外且未请假")
        #expect(messages[0].body.contains("甲（S1，1班）") && messages[0].body.contains("丙（S3，1班）"))
        #expect(messages[0].link == "/access?kind=curfew")
        #expect(messages.allSatisfy { $0.kind == .accessAlert })
    }

    @Test("A leave request tells the counsellor unless they asked; a decision tells the student unless they made it or it is still pending")
    func leaveNotices() {
        let student = Student(studentNo: "S1", name: "甲", college: "C", className: "1班", counsellor: "T1")
        let leave = Leave(id: "L1", studentNo: "S1", studentName: "甲", from: Self.at(0), to: Self.at(60), reason: "看病", destination: "医院",
                          status: .pending, needsSecondApproval: false, requestedAt: Self.t0, requestedBy: "S1")
        #expect(GateNotices.request(leave, student: student, by: "S1", at: Self.t0).map(\.recipient) == ["T1"])
        #expect(GateNotices.request(leave, student: student, by: "T1", at: Self.t0).isEmpty)
        #expect(GateNotices.request(leave, student: nil, by: "S1", at: Self.t0).isEmpty)
        #expect(GateNotices.decision(leave, by: "T1", at: Self.t0).isEmpty, "pending")
        var approved = leave
        approved.status = .approved
        approved.note = "注意安全"
        let told = GateNotices.decision(approved, by: "T1", at: Self.t0)
        #expect(told.map(\.recipient) == ["S1"])
        #expect(told.first?.subject == "您的请假已批准")
        #expect(told.first?.body.contains("注意安全") == true)
        var cancelled = leave
        cancelled.status = .cancelled
        #expect(GateNotices.decision(cancelled, by: "S1", at: Self.t0).isEmpty)
    }
}
