import CampusKit
import ContactTracing
import Foundation
import GateAccess
import ShouhuFakes
import Testing

@Suite("ContactTracer: rules 2–5 of the contract over stays and rooms")
struct ContactTracerTests {
    static let t = GateTestData.t
    static let window = DateInterval(start: GateTestData.t(0), end: GateTestData.t(1440))

    static func stay(_ student: String, _ from: Double, _ to: Double, place: String = "canteen-1",
                     kind: AccessPoint.Kind = .canteen) -> Stay {
        Stay(studentNo: student, place: place, kind: kind, from: t(from), to: t(to))
    }

    static func home(_ student: String, _ building: String, _ floor: Int?, _ room: String?) -> Resident {
        Resident(studentNo: student, building: building, floor: floor, room: room)
    }

    static func trace(_ source: MemoryTracingSource, index: String = "I", window: DateInterval = window, minOverlap: Int = 15,
                      includeFloor: Bool = false, depth: Int = 2) async throws -> [Contact] {
        let request = InvestigationRequest(indexStudentNo: index, from: window.start, to: window.end,
                                           minOverlapMinutes: minOverlap, includeFloor: includeFloor, depth: depth)
        return try await ContactTracer(source: source).trace(request, school: .main)
    }

    static func roommate(_ place: String, via: String? = nil) -> Evidence {
        Evidence(rule: .roommate, place: place, from: window.start, to: window.end, via: via)
    }

    static func floormate(_ place: String, via: String? = nil) -> Evidence {
        Evidence(rule: .floormate, place: place, from: window.start, to: window.end, via: via)
    }

    static func together(_ place: String, _ from: Double, _ to: Double, via: String? = nil) -> Evidence {
        Evidence(rule: .coPresence, place: place, from: t(from), to: t(to), minutes: Int(to - from), via: via)
    }

    // MARK: each rule alone

    @Test("roommate: the same room is a contact with no events at all; evidence place B/R over the window, no via")
    func roommateAlone() async throws {
        let source = MemoryTracingSource(homes: [
            Self.home("I", "B1", 1, "101"), Self.home("R", "B1", 1, "101"), Self.home("F", "B1", 1, "102"), Self.home("G", "B2", 1, "101"),
        ])
        let contacts = try await Self.trace(source)
        #expect(contacts.map(\.studentNo) == ["R"])
        #expect(contacts.first?.degree == 1)
        #expect(contacts.first?.evidence == [Self.roommate("B1/101")])
    }

    @Test("floormate: only when includeFloor; evidence place B/F, and a roommate is then a floormate too")
    func floormateOnlyWhenAsked() async throws {
        let source = MemoryTracingSource(homes: [
            Self.home("I", "B1", 1, "101"), Self.home("R", "B1", 1, "101"), Self.home("F", "B1", 1, "102"),
            Self.home("U", "B1", 2, "201"),
        ])
        let without = try await Self.trace(source, includeFloor: false)
        #expect(without.map(\.studentNo) == ["R"])

        let with = try await Self.trace(source, includeFloor: true)
        #expect(with.map(\.studentNo) == ["F", "R"])
        #expect(with.map(\.degree) == [1, 1])
        #expect(with.first?.evidence == [Self.floormate("B1/1")])
        #expect(Set(with.last?.evidence ?? []) == [Self.roommate("B1/101"), Self.floormate("B1/1")])
    }

    @Test("Nobody without a room or floor is a roommate or floormate of the index")
    func noHomeNoHousemates() async throws {
        let source = MemoryTracingSource(homes: [Self.home("I", "B1", nil, nil), Self.home("N", "B1", nil, nil)])
        #expect(try await Self.trace(source, includeFloor: true).isEmpty)
    }

    @Test("co_presence: stays at one place overlapping enough; evidence carries the place and the overlap's from, to and minutes")
    func coPresenceAlone() async throws {
        let source = MemoryTracingSource(allStays: [
            Self.stay("I", 180, 220), Self.stay("C", 200, 260),
            Self.stay("S", 215, 223),                                       // 5 minutes with I (8 with C): too short
            Self.stay("L", 180, 220, place: "library", kind: .library),     // another place
        ])
        let contacts = try await Self.trace(source)
        #expect(contacts.map(\.studentNo) == ["C"])
        #expect(contacts.first?.evidence == [Self.together("canteen-1", 200, 220)])
        #expect(contacts.first?.evidence.first?.minutes == 20)
        #expect(contacts.first?.evidence.first?.via == nil)
    }

    @Test("co_presence uses the overlap clipped to [from, to], and the minimum applies to the clipped overlap")
    func coPresenceClipped() async throws {
        let source = MemoryTracingSource(allStays: [Self.stay("I", 180, 220), Self.stay("C", 200, 260)])
        let clipped = DateInterval(start: Self.t(0), end: Self.t(210))
        let contacts = try await Self.trace(source, window: clipped, minOverlap: 10)
        #expect(contacts.first?.evidence == [Evidence(rule: .coPresence, place: "canteen-1", from: Self.t(200), to: Self.t(210), minutes: 10)])
        #expect(try await Self.trace(source, window: clipped, minOverlap: 11).isEmpty)
        #expect(try await Self.trace(source, minOverlap: 20).map(\.studentNo) == ["C"])
        #expect(try await Self.trace(source, minOverlap: 21).isEmpty)
    }

    @Test("Every shared stay is its own piece of evidence")
    func severalStaysSeveralEvidence() async throws {
        let source = MemoryTracingSource(allStays: [
            Self.stay("I", 0, 60), Self.stay("C", 0, 60),
            Self.stay("I", 300, 400, place: "library", kind: .library), Self.stay("C", 320, 420, place: "library", kind: .library),
        ])
        let contacts = try await Self.trace(source)
        #expect(contacts.map(\.studentNo) == ["C"])
        #expect(Set(contacts.first?.evidence ?? []) == [Self.together("canteen-1", 0, 60), Self.together("library", 320, 400)])
    }

    // MARK: degree 2

    /// I and A share room B1/101; B (room B2/101) ate with I; X shares B's room and sat in the library with A.
    static let twoPaths = MemoryTracingSource(
        allStays: [
            stay("I", 0, 40), stay("B", 10, 50),
            stay("A", 300, 400, place: "library", kind: .library), stay("X", 330, 420, place: "library", kind: .library),
        ],
        homes: [home("I", "B1", 1, "101"), home("A", "B1", 1, "101"), home("B", "B2", 1, "101"), home("X", "B2", 1, "101")]
    )

    @Test("Degree 2: a student reached through two degree-1 contacts has a piece of evidence for each path, via each of them")
    func degreeTwoSeveralPaths() async throws {
        let contacts = try await Self.trace(Self.twoPaths)
        #expect(contacts.map(\.studentNo) == ["A", "B", "X"])
        #expect(contacts.map(\.degree) == [1, 1, 2])
        #expect(contacts[0].evidence == [Self.roommate("B1/101")])
        #expect(contacts[1].evidence == [Self.together("canteen-1", 10, 40)])
        let x = contacts[2]
        #expect(Set(x.evidence) == [Self.together("library", 330, 400, via: "A"), Self.roommate("B2/101", via: "B")])
        #expect(Set(x.evidence.compactMap(\.via)) == ["A", "B"])
    }

    @Test("The index is never a contact, though degree-1 contacts share its room and stays")
    func indexNeverContact() async throws {
        let contacts = try await Self.trace(Self.twoPaths, includeFloor: true)
        #expect(!contacts.contains { $0.studentNo == "I" })
        #expect(Set(contacts.map(\.studentNo)) == ["A", "B", "X"])
    }

    @Test("A degree-1 contact is never listed again at degree 2, though other degree-1 contacts connect to them")
    func degreeOneNotAgain() async throws {
        let source = MemoryTracingSource(allStays: [
            Self.stay("I", 0, 60), Self.stay("A", 0, 60), Self.stay("B", 0, 60), Self.stay("Z", 100, 200),
            Self.stay("A", 100, 200), Self.stay("B", 100, 200),
        ])
        let contacts = try await Self.trace(source)
        #expect(contacts.map(\.studentNo) == ["A", "B", "Z"])
        #expect(contacts.map(\.degree) == [1, 1, 2])
        #expect(contacts[0].evidence == [Self.together("canteen-1", 0, 60)])
        #expect(Set(contacts[2].evidence) == [Self.together("canteen-1", 100, 200, via: "A"), Self.together("canteen-1", 100, 200, via: "B")])
    }

    @Test("Depth 1 lists no degree 2")
    func depthOne() async throws {
        let contacts = try await Self.trace(Self.twoPaths, depth: 1)
        #expect(contacts.map(\.studentNo) == ["A", "B"])
        #expect(contacts.allSatisfy { $0.degree == 1 })
    }

    @Test("Degree 2 looks at the same [from, to]: a shared stay of a degree-1 contact outside it does not count")
    func degreeTwoSameWindow() async throws {
        var source = Self.twoPaths
        source.allStays = [
            Self.stay("I", 0, 40), Self.stay("B", 10, 50),
            Self.stay("A", 1500, 1600, place: "library", kind: .library), Self.stay("X", 1500, 1600, place: "library", kind: .library),
        ]
        let contacts = try await Self.trace(source)
        #expect(contacts.map(\.studentNo) == ["A", "B", "X"])
        #expect(contacts.last?.evidence == [Self.roommate("B2/101", via: "B")])
    }

    @Test("Degree 2 applies includeFloor too")
    func degreeTwoFloor() async throws {
        let source = MemoryTracingSource(
            allStays: [Self.stay("I", 0, 60), Self.stay("C", 0, 60)],
            homes: [Self.home("I", "B1", 1, "101"), Self.home("C", "B3", 4, "401"), Self.home("D", "B3", 4, "402")]
        )
        #expect(try await Self.trace(source, includeFloor: false).map(\.studentNo) == ["C"])
        let contacts = try await Self.trace(source, includeFloor: true)
        #expect(contacts.map(\.studentNo) == ["C", "D"])
        #expect(contacts.last?.evidence == [Self.floormate("B3/4", via: "C")])
    }

    @Test("Contacts are ordered by degree, then student number")
    func ordering() async throws {
        let source = MemoryTracingSource(allStays: [
            Self.stay("500", 0, 60), Self.stay("300", 0, 60), Self.stay("100", 100, 160), Self.stay("500", 100, 160),
            Self.stay("300", 300, 360, place: "library", kind: .library), Self.stay("050", 300, 360, place: "library", kind: .library),
            Self.stay("100", 400, 460, place: "gym", kind: .venue), Self.stay("200", 400, 460, place: "gym", kind: .venue),
        ])
        let contacts = try await Self.trace(source, index: "500")
        #expect(contacts.map(\.studentNo) == ["100", "300", "050", "200"])
        #expect(contacts.map(\.degree) == [1, 1, 2, 2])
        #expect(contacts[2].evidence.first?.via == "300")
        #expect(contacts[3].evidence.first?.via == "100")
    }

    @Test("No rule met, no contacts")
    func nobody() async throws {
        let source = MemoryTracingSource(allStays: [Self.stay("I", 0, 60), Self.stay("C", 60, 120)], homes: [Self.home("I", "B1", 1, "101")])
        #expect(try await Self.trace(source, includeFloor: true).isEmpty)
    }
}
