import Testing
@testable import Roster

@Suite("GridTree: campus → building → floor → room with head counts")
struct GridTreeTests {
    static func count(_ campus: String?, _ building: String?, _ floor: Int?, _ room: String?,
                      students: Int, active: Int) -> GridCount {
        GridCount(campus: campus, building: building, floor: floor, room: room, students: students, active: active)
    }

    static let counts = [
        count("东校区", "3号楼", 3, "301", students: 4, active: 4),
        count("东校区", "3号楼", 3, "302", students: 3, active: 2),
        count("东校区", "3号楼", 4, "401", students: 2, active: 1),
        count("东校区", "5号楼", 1, "101", students: 6, active: 6),
        count("西校区", "1号楼", 2, "201", students: 5, active: 0),
    ]

    @Test("Counts roll up from room to floor to building to campus to the whole tree")
    func countsRollUp() throws {
        let tree = GridTree(counts: Self.counts)
        #expect(tree.students == 20)
        #expect(tree.active == 13)
        #expect(tree.campuses.map(\.name) == ["东校区", "西校区"])
        let east = tree.campuses[0]
        #expect((east.students, east.active) == (15, 13))
        #expect(east.children.map(\.name) == ["3号楼", "5号楼"])
        let building3 = east.children[0]
        #expect((building3.students, building3.active) == (9, 7))
        #expect(building3.children.map(\.name) == ["3", "4"])
        let floor3 = building3.children[0]
        #expect((floor3.students, floor3.active) == (7, 6))
        #expect(floor3.children.map(\.name) == ["301", "302"])
        #expect(floor3.children.map(\.students) == [4, 3])
        #expect(floor3.children.map(\.active) == [4, 2])
        let west = tree.campuses[1]
        #expect((west.students, west.active) == (5, 0))
    }

    @Test("Each level is named and keyed with the contract's unit keys")
    func levelsAndKeys() throws {
        let tree = GridTree(counts: Self.counts)
        let campus = try #require(tree.campuses.first)
        let building = try #require(campus.children.first)
        let floor = try #require(building.children.first)
        let room = try #require(floor.children.first)
        #expect([campus.level, building.level, floor.level, room.level] == ["campus", "building", "floor", "room"])
        #expect(campus.key == "东校区")
        #expect(building.key == "3号楼")
        #expect(floor.key == "3号楼/3")
        #expect(room.key == "3号楼/301")
        #expect(room.children.isEmpty)
    }

    @Test("Several counts of the same room are added together")
    func sameRoomAdded() {
        let tree = GridTree(counts: [Self.count("东校区", "3号楼", 3, "301", students: 2, active: 1),
                                     Self.count("东校区", "3号楼", 3, "301", students: 1, active: 1)])
        let room = tree.campuses.first?.children.first?.children.first?.children
        #expect(room?.map(\.students) == [3])
        #expect(room?.map(\.active) == [2])
    }

    @Test("Buildings, floors and rooms are in natural order: 2号楼 before 10号楼, floor 2 before 10, room 302 before 1001")
    func naturalOrdering() {
        let tree = GridTree(counts: [
            Self.count("东校区", "10号楼", 1, "101", students: 1, active: 1),
            Self.count("东校区", "2号楼", 10, "1001", students: 1, active: 1),
            Self.count("东校区", "2号楼", 3, "302", students: 1, active: 1),
            Self.count("东校区", "2号楼", 2, "210", students: 1, active: 1),
            Self.count("东校区", "2号楼", 2, "29", students: 1, active: 1),
        ])
        let buildings = tree.campuses[0].children
        #expect(buildings.map(\.name) == ["2号楼", "10号楼"])
        #expect(buildings[0].children.map(\.name) == ["2", "3", "10"])
        #expect(buildings[0].children[0].children.map(\.name) == ["29", "210"])
        #expect(GridTree.naturalLess("302", "1001"))
        #expect(!GridTree.naturalLess("1001", "302"))
        #expect(!GridTree.naturalLess("2号楼", "2号楼"))
    }

    @Test("Students without campus, building, floor or room sit under 未分配 at each missing level")
    func unassigned() throws {
        let tree = GridTree(counts: [
            Self.count(nil, nil, nil, nil, students: 7, active: 5),
            Self.count("东校区", "3号楼", nil, nil, students: 2, active: 2),
            Self.count("东校区", "3号楼", 3, "301", students: 1, active: 1),
        ])
        #expect(tree.students == 10)
        #expect(tree.active == 8)
        let nowhere = try #require(tree.campuses.first { $0.name == "未分配" })
        #expect(nowhere.children.map(\.name) == ["未分配"])
        #expect(nowhere.children[0].children.map(\.name) == ["未分配"])
        #expect((nowhere.students, nowhere.active) == (7, 5))
        let building = try #require(tree.campuses.first { $0.name == "东校区" }?.children.first)
        #expect(building.children.map(\.name) == ["3", "未分配"])
        let noFloor = building.children[1]
        #expect(noFloor.key == "3号楼/未分配")
        #expect(noFloor.students == 2)
    }

    @Test("An empty list of counts gives an empty tree")
    func empty() {
        let tree = GridTree(counts: [])
        #expect(tree.campuses.isEmpty)
        #expect(tree.students == 0 && tree.active == 0)
    }
}
