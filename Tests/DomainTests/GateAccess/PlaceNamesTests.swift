import GateAccess
import Testing

@Suite("Place names: what pages call a place and a point instead of its code")
struct PlaceNamesTests {
    static let points = [
        AccessPoint(code: "canteen-2-east", name: "二食堂东门", kind: .canteen, place: "canteen-2"),
        AccessPoint(code: "canteen-2-west", name: "二食堂西门", kind: .canteen, place: "canteen-2"),
        AccessPoint(code: "lib", name: "图书馆", kind: .library, place: "library"),
        AccessPoint(code: "door-1", name: "1号楼门", kind: .buildingDoor, place: "1号楼"),
        AccessPoint(code: "v-a", name: "A 报告厅", kind: .venue, place: "hall"),
        AccessPoint(code: "v-b", name: "B 会议室", kind: .venue, place: "hall"),
    ]

    @Test("A place is what its points' names share; one point names its place; a building door's place is the building; unknown keys stay")
    func names() {
        let names = PlaceNames(Self.points)
        #expect(names.place("canteen-2") == "二食堂")
        #expect(names.place("library") == "图书馆")
        #expect(names.place("1号楼") == "1号楼")
        #expect(names.place("hall") == "A 报告厅", "nothing shared: the first point's name")
        #expect(names.place("nowhere") == "nowhere")
        #expect(names.point("canteen-2-west") == "二食堂西门")
        #expect(names.point("gone") == "gone")
    }
}
