import Testing
import Roster

@Suite("StudentFilter: floor and room unit keys")
struct StudentFilterTests {
    @Test("A floor key 3号楼/4 splits into building 3号楼 and floor 4")
    func floorParts() throws {
        let parts = try #require(StudentFilter(floor: "3号楼/4").floorParts)
        #expect(parts.building == "3号楼")
        #expect(parts.floor == 4)
    }

    @Test("A room key 3号楼/301 splits into building 3号楼 and room 301")
    func roomParts() throws {
        let parts = try #require(StudentFilter(room: "3号楼/301").roomParts)
        #expect(parts.building == "3号楼")
        #expect(parts.room == "301")
    }

    @Test("A building name containing / is split at the last slash")
    func buildingWithSlash() throws {
        let floor = try #require(StudentFilter(floor: "A/B座/12").floorParts)
        #expect(floor.building == "A/B座")
        #expect(floor.floor == 12)
        let room = try #require(StudentFilter(room: "A/B座/1203").roomParts)
        #expect(room.building == "A/B座")
        #expect(room.room == "1203")
    }

    @Test("A floor key whose floor is not an integer, or a key without a slash, gives no parts")
    func notAKey() {
        #expect(StudentFilter(floor: "3号楼/四").floorParts == nil)
        #expect(StudentFilter(floor: "3号楼").floorParts == nil)
        #expect(StudentFilter(room: "3号楼").roomParts == nil)
        #expect(StudentFilter().floorParts == nil)
        #expect(StudentFilter().roomParts == nil)
    }

    @Test("Floor and room filters are independent of each other")
    func independent() {
        let filter = StudentFilter(floor: "3号楼/4")
        #expect(filter.roomParts == nil)
        #expect(StudentFilter(room: "3号楼/301").floorParts == nil)
    }
}
