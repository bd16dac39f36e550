import CampusKit
import ContactTracing
import Foundation
import GateAccess
import Testing

@Suite("CoPresenceSweep: pairs of stays at one place overlapping long enough after clipping")
struct CoPresenceSweepTests {
    static let t = GateTestData.t
    static let day = DateInterval(start: GateTestData.t(-600), end: GateTestData.t(1440))
    static let fifteen: TimeInterval = 15 * 60

    static func stay(_ student: String, _ from: Double, _ to: Double, place: String = "canteen-1",
                     kind: AccessPoint.Kind = .canteen) -> Stay {
        Stay(studentNo: student, place: place, kind: kind, from: t(from), to: t(to))
    }

    /// (source student, other student, from minute, to minute) of each overlap, sorted.
    static func pairs(_ sources: [Stay], _ others: [Stay], window: DateInterval = day,
                      minimum: TimeInterval = fifteen) -> [String] {
        CoPresenceSweep.overlaps(sources: sources, others: others, window: window, minimum: minimum).map {
            "\($0.source.studentNo)-\($0.other.studentNo)@\($0.other.place) \(Int($0.from.timeIntervalSince(t(0))))..\(Int($0.to.timeIntervalSince(t(0))))"
        }.sorted()
    }

    @Test("An overlap of exactly the minimum counts; one second less does not")
    func exactlyMinimum() {
        #expect(Self.pairs([Self.stay("A", 0, 30)], [Self.stay("B", 15, 60)]) == ["A-B@canteen-1 900..1800"])
        let short = Stay(studentNo: "B", place: "canteen-1", kind: .canteen, from: Self.t(15).addingTimeInterval(1), to: Self.t(60))
        #expect(Self.pairs([Self.stay("A", 0, 30)], [short]).isEmpty)
    }

    @Test("The overlap runs from the later start to the earlier end, whichever stay opened first")
    func overlapBounds() {
        // The other opened first, the source later and left first.
        let o = CoPresenceSweep.overlaps(sources: [Self.stay("A", 20, 50)], others: [Self.stay("B", 0, 90)], window: Self.day, minimum: Self.fifteen)
        #expect(o.count == 1)
        #expect(o.first?.from == Self.t(20))
        #expect(o.first?.to == Self.t(50))
        #expect(o.first?.source == Self.stay("A", 20, 50))
        #expect(o.first?.other == Self.stay("B", 0, 90))
        // The source opened first, the other later and stayed on.
        #expect(Self.pairs([Self.stay("A", 0, 60)], [Self.stay("B", 30, 120)]) == ["A-B@canteen-1 1800..3600"])
    }

    @Test("Two stays that start at the same instant pair")
    func sameStart() {
        #expect(Self.pairs([Self.stay("A", 10, 40)], [Self.stay("B", 10, 30)]) == ["A-B@canteen-1 600..1800"])
        #expect(Self.pairs([Self.stay("B", 10, 30)], [Self.stay("A", 10, 40)]) == ["B-A@canteen-1 600..1800"])
    }

    @Test("Clipping to the window can bring an overlap under the minimum; the overlap reported is the clipped one")
    func clippingReduces() {
        let a = Self.stay("A", 0, 60), b = Self.stay("B", 0, 60)
        #expect(Self.pairs([a], [b], window: DateInterval(start: Self.t(45), end: Self.t(120))) == ["A-B@canteen-1 2700..3600"])
        #expect(Self.pairs([a], [b], window: DateInterval(start: Self.t(46), end: Self.t(120))).isEmpty)
        #expect(Self.pairs([a], [b], window: DateInterval(start: Self.t(-30), end: Self.t(14))).isEmpty)
        #expect(Self.pairs([a], [b], window: DateInterval(start: Self.t(10), end: Self.t(25))) == ["A-B@canteen-1 600..1500"])
        // A stay outside the window entirely takes no part.
        #expect(Self.pairs([a], [b], window: DateInterval(start: Self.t(60), end: Self.t(600))).isEmpty)
    }

    @Test("Stays at different places never pair, even of the same kind and the same times")
    func differentPlaces() {
        #expect(Self.pairs([Self.stay("A", 0, 60, place: "canteen-1")], [Self.stay("B", 0, 60, place: "canteen-2")]).isEmpty)
    }

    @Test("A student never pairs with themself")
    func sameStudent() {
        let a = Self.stay("A", 0, 60)
        #expect(Self.pairs([a], [a, Self.stay("A", 10, 50)]).isEmpty)
    }

    @Test("Only co-presence kinds count: shared stays at a building door or a campus gate never pair",
          arguments: [AccessPoint.Kind.buildingDoor, .campusGate])
    func onlyCoPresenceKinds(kind: AccessPoint.Kind) {
        #expect(Self.pairs([Self.stay("A", 0, 120, place: "B1", kind: kind)], [Self.stay("B", 0, 120, place: "B1", kind: kind)]).isEmpty)
    }

    @Test("Every co-presence kind counts", arguments: AccessPoint.Kind.coPresenceKinds)
    func everyCoPresenceKind(kind: AccessPoint.Kind) {
        #expect(Self.pairs([Self.stay("A", 0, 60, place: "P", kind: kind)], [Self.stay("B", 0, 60, place: "P", kind: kind)]).count == 1)
    }

    @Test("Several overlapping stays give every (source, other) pair of different students")
    func everyPair() {
        let a = Self.stay("A", 0, 60), b = Self.stay("B", 5, 60), c = Self.stay("C", 10, 60), d = Self.stay("D", 20, 60)
        #expect(Self.pairs([a], [b, c, d]) == ["A-B@canteen-1 300..3600", "A-C@canteen-1 600..3600", "A-D@canteen-1 1200..3600"])
        #expect(Self.pairs([a, b], [a, b, c, d]) == [
            "A-B@canteen-1 300..3600", "A-C@canteen-1 600..3600", "A-D@canteen-1 1200..3600",
            "B-A@canteen-1 300..3600", "B-C@canteen-1 600..3600", "B-D@canteen-1 1200..3600",
        ])
        // The order the stays are given in does not matter.
        #expect(Self.pairs([b, a], [d, c, b, a]) == Self.pairs([a, b], [a, b, c, d]))
    }

    @Test("A long stay pairs with each of several short ones that come and go during it")
    func longStayManyVisitors() {
        let others = [Self.stay("B", 0, 20), Self.stay("C", 30, 50), Self.stay("D", 100, 130), Self.stay("E", 170, 200)]
        #expect(Self.pairs([Self.stay("A", 10, 180)], others) == ["A-C@canteen-1 1800..3000", "A-D@canteen-1 6000..7800"])
    }

    @Test("A stay ending exactly when another starts does not pair, even with no minimum")
    func touchingDoesNotPair() {
        #expect(Self.pairs([Self.stay("A", 0, 30)], [Self.stay("B", 30, 60)], minimum: 0).isEmpty)
        #expect(Self.pairs([Self.stay("A", 30, 60)], [Self.stay("B", 0, 30)], minimum: 0).isEmpty)
        #expect(Self.pairs([Self.stay("A", 30, 60)], [Self.stay("B", 0, 30)], minimum: 60).isEmpty)
    }

    @Test("Each of a student's stays is compared: two visits to one place can both pair with the same other stay")
    func twoVisits() {
        #expect(Self.pairs([Self.stay("A", 0, 20), Self.stay("A", 40, 60)], [Self.stay("B", 0, 60)])
            == ["A-B@canteen-1 0..1200", "A-B@canteen-1 2400..3600"])
    }
}
