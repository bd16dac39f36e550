import CampusKit
import Foundation
import GateAccess
import Testing

@Suite("Stays: rule 1 of the contract turns one student's granted events into stays")
struct StayDerivationTests {
    static let t = GateTestData.t

    static func event(_ id: String, _ direction: AccessEvent.Direction, at minutes: Double, place: String = "canteen-1",
                      kind: AccessPoint.Kind = .canteen, point: String? = nil, granted: Bool = true,
                      student: String = "2021010101") -> PlacedEvent {
        PlacedEvent(AccessEvent(eventId: id, accessPoint: point ?? "\(place)-east", studentNo: student, direction: direction,
                                at: t(minutes), granted: granted),
                    place: place, kind: kind)
    }

    static func stay(_ place: String, _ kind: AccessPoint.Kind = .canteen, from: Double, to: Double,
                     student: String = "2021010101") -> Stay {
        Stay(studentNo: student, place: place, kind: kind, from: t(from), to: t(to))
    }

    @Test("An in closes at the student's next event: here the out at the same place")
    func inThenOutCloses() {
        let stays = Stay.derive(from: [Self.event("e1", .in, at: 0), Self.event("e2", .out, at: 35)])
        #expect(stays == [Self.stay("canteen-1", from: 0, to: 35)])
    }

    @Test("Without an out-swipe the stay ends 4 hours after it opened")
    func missingOutIsCapped() {
        #expect(Stay.cap == 4 * 3600)
        #expect(Stay.derive(from: [Self.event("e1", .in, at: 0)]) == [Self.stay("canteen-1", from: 0, to: 240)])
    }

    @Test("A next event later than 4 hours does not stretch the stay; one exactly at 4 hours closes it there")
    func capComesFirst() {
        let late = Stay.derive(from: [Self.event("e1", .in, at: 0), Self.event("e2", .out, at: 300)])
        #expect(late == [Self.stay("canteen-1", from: 0, to: 240)])
        let exact = Stay.derive(from: [Self.event("e1", .in, at: 0), Self.event("e2", .out, at: 240)])
        #expect(exact == [Self.stay("canteen-1", from: 0, to: 240)])
        let earlier = Stay.derive(from: [Self.event("e1", .in, at: 0), Self.event("e2", .out, at: 239)])
        #expect(earlier == [Self.stay("canteen-1", from: 0, to: 239)])
    }

    @Test("The next event at another place closes the stay, and an in there opens the next one")
    func nextPlaceCloses() {
        let stays = Stay.derive(from: [
            Self.event("e1", .in, at: 0, place: "canteen-1"),
            Self.event("e2", .in, at: 50, place: "library", kind: .library),
            Self.event("e3", .out, at: 170, place: "library", kind: .library),
        ])
        #expect(stays == [Self.stay("canteen-1", from: 0, to: 50), Self.stay("library", .library, from: 50, to: 170)])
    }

    @Test("An out at another place (even a campus gate) closes the stay too: any next event does")
    func outElsewhereCloses() {
        let stays = Stay.derive(from: [
            Self.event("e1", .in, at: 0, place: "library", kind: .library),
            Self.event("e2", .out, at: 90, place: "东门", kind: .campusGate),
        ])
        #expect(stays == [Self.stay("library", .library, from: 0, to: 90)])
    }

    @Test("Two events at one instant are ordered by event id: the earlier id's stay has no length and is dropped")
    func tiesByEventId() {
        // "a7" sorts before "b3": the canteen stay opened by a7 closes at once (dropped), the library stay runs on.
        let stays = Stay.derive(from: [
            Self.event("b3", .in, at: 10, place: "library", kind: .library),
            Self.event("a7", .in, at: 10, place: "canteen-1"),
            Self.event("c1", .out, at: 70, place: "library", kind: .library),
        ])
        #expect(stays == [Self.stay("library", .library, from: 10, to: 70)])

        // The same instant with the ids the other way round: now the canteen stay is the one that lasts.
        let swapped = Stay.derive(from: [
            Self.event("a7", .in, at: 10, place: "library", kind: .library),
            Self.event("b3", .in, at: 10, place: "canteen-1"),
            Self.event("c1", .out, at: 70, place: "canteen-1"),
        ])
        #expect(swapped == [Self.stay("canteen-1", from: 10, to: 70)])
    }

    @Test("An in and an out at the same instant (in first by id) leave no stay at all")
    func zeroLengthDropped() {
        let stays = Stay.derive(from: [Self.event("e1", .in, at: 5), Self.event("e2", .out, at: 5)])
        #expect(stays.isEmpty)
    }

    @Test("Events given out of order, as if they arrived over several batches, derive the same stays as in order")
    func orderDoesNotMatter() {
        let inOrder = [
            Self.event("g-001", .in, at: 0, place: "东门", kind: .campusGate),
            Self.event("c-001", .in, at: 20, place: "canteen-1"),
            Self.event("c-002", .out, at: 55, place: "canteen-1"),
            Self.event("l-001", .in, at: 60, place: "library", kind: .library),
            Self.event("l-002", .in, at: 60, place: "library", kind: .library, point: "library-west"),
            Self.event("l-003", .out, at: 200, place: "library", kind: .library),
            Self.event("d-001", .in, at: 230, place: "B1", kind: .buildingDoor),
        ]
        let expected = Stay.derive(from: inOrder)
        #expect(expected == [
            Self.stay("东门", .campusGate, from: 0, to: 20),
            Self.stay("canteen-1", from: 20, to: 55),
            Self.stay("library", .library, from: 60, to: 200),
            Self.stay("B1", .buildingDoor, from: 230, to: 470),
        ])
        // Second batch first, then the first; and a full reversal.
        let batches = Array(inOrder[4...]) + Array(inOrder[..<4])
        #expect(Stay.derive(from: batches) == expected)
        #expect(Stay.derive(from: inOrder.reversed()) == expected)
        #expect(Stay.derive(from: [inOrder[3], inOrder[6], inOrder[0], inOrder[5], inOrder[1], inOrder[4], inOrder[2]]) == expected)
    }

    @Test("Denied events are ignored: a denied in opens nothing and a denied event closes nothing")
    func deniedIgnored() {
        let deniedIn = Stay.derive(from: [Self.event("e1", .in, at: 0, granted: false)])
        #expect(deniedIn.isEmpty)

        let stays = Stay.derive(from: [
            Self.event("e1", .in, at: 0),
            Self.event("e2", .in, at: 10, place: "library", kind: .library, granted: false),
            Self.event("e3", .out, at: 15, granted: false),
            Self.event("e4", .out, at: 40),
        ])
        #expect(stays == [Self.stay("canteen-1", from: 0, to: 40)])
    }

    @Test("An out never opens a stay, however long until the next event")
    func outNeverOpens() {
        #expect(Stay.derive(from: [Self.event("e1", .out, at: 0)]).isEmpty)
        let stays = Stay.derive(from: [
            Self.event("e1", .out, at: 0),
            Self.event("e2", .out, at: 30, place: "library", kind: .library),
            Self.event("e3", .in, at: 60, place: "library", kind: .library),
            Self.event("e4", .out, at: 80, place: "library", kind: .library),
        ])
        #expect(stays == [Self.stay("library", .library, from: 60, to: 80)])
    }

    @Test("Two ins in a row: the first closes at the second, the second runs to its own end")
    func consecutiveIns() {
        let stays = Stay.derive(from: [Self.event("e1", .in, at: 0), Self.event("e2", .in, at: 30)])
        #expect(stays == [Self.stay("canteen-1", from: 0, to: 30), Self.stay("canteen-1", from: 30, to: 270)])
    }

    @Test("Stays keep the student, place and kind of the event that opened them")
    func keepsOpeningPlace() {
        let stays = Stay.derive(from: [Self.event("e1", .in, at: 0, place: "浴室A", kind: .bathhouse, point: "bath-a-2", student: "2022")])
        #expect(stays == [Stay(studentNo: "2022", place: "浴室A", kind: .bathhouse, from: Self.t(0), to: Self.t(240))])
    }

    @Test("No events, no stays")
    func empty() {
        #expect(Stay.derive(from: []).isEmpty)
    }

    @Test("clipped keeps the part inside the window, or nil when nothing (or only an instant) is inside")
    func clipped() {
        let stay = Self.stay("canteen-1", from: 10, to: 70)
        #expect(stay.clipped(to: DateInterval(start: Self.t(0), end: Self.t(100))) == stay)
        #expect(stay.clipped(to: DateInterval(start: Self.t(30), end: Self.t(100))) == Self.stay("canteen-1", from: 30, to: 70))
        #expect(stay.clipped(to: DateInterval(start: Self.t(0), end: Self.t(40))) == Self.stay("canteen-1", from: 10, to: 40))
        #expect(stay.clipped(to: DateInterval(start: Self.t(20), end: Self.t(30))) == Self.stay("canteen-1", from: 20, to: 30))
        #expect(stay.clipped(to: DateInterval(start: Self.t(70), end: Self.t(100))) == nil)
        #expect(stay.clipped(to: DateInterval(start: Self.t(0), end: Self.t(10))) == nil)
        #expect(stay.clipped(to: DateInterval(start: Self.t(100), end: Self.t(200))) == nil)
    }
}
