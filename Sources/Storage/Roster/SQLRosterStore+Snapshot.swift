import CampusKit
import Roster
import SQLKit

extension SQLRosterStore {
    /// Everything an import checks against, read in the import's own transaction.
    func snapshot(_ db: any SQLDatabase, school: SchoolID) async throws -> RosterSnapshot {
        struct Building: Decodable { var name: String; var campus: String? }
        struct Room: Decodable { var building: String; var name: String; var floor: Int? }
        struct Class: Decodable { var name: String; var college: String }
        struct Staff: Decodable { var staff_no: String }
        let id = school.rawValue
        var snapshot = RosterSnapshot()
        for b in try await db.select().columns("name", "campus").from("buildings").where("school_id", .equal, id).all(decoding: Building.self) {
            snapshot.buildingCampus[b.name] = .some(b.campus)
        }
        for r in try await db.select().columns("building", "name", "floor").from("rooms").where("school_id", .equal, id).all(decoding: Room.self) {
            snapshot.roomFloor["\(r.building)/\(r.name)"] = .some(r.floor)
        }
        for c in try await db.select().columns("name", "college").from("classes").where("school_id", .equal, id).all(decoding: Class.self) {
            snapshot.classCollege[c.name] = c.college
        }
        snapshot.staffNumbers = Set(try await db.select().column("staff_no").from("staff").where("school_id", .equal, id)
            .all(decoding: Staff.self).map(\.staff_no))
        for row in try await db.select().column("*").from("students").where("school_id", .equal, id).all(decoding: StudentRow.self) {
            snapshot.students[row.student_no] = row.student
        }
        return snapshot
    }

    /// Adds the campuses, buildings, rooms, colleges and classes that `students` live and study in.
    /// The planner has already checked that they agree with what is stored.
    func upsertUnits(of students: [Student], school: SchoolID, db: any SQLDatabase) async throws {
        let id = school.rawValue
        var campuses = Set<String>(), colleges = Set<String>()
        var buildings: [String: String?] = [:], rooms: [String: (building: String, room: String, floor: Int?)] = [:]
        var classes: [String: String] = [:]
        for s in students {
            if let c = s.campus { campuses.insert(c) }
            colleges.insert(s.college)
            classes[s.className] = s.college
            if let b = s.building {
                if buildings[b] == nil || buildings[b]! == nil { buildings[b] = .some(s.campus) }
                if let r = s.room {
                    let key = "\(b)/\(r)"
                    if rooms[key]?.floor == nil { rooms[key] = (b, r, s.floor) }
                }
            }
        }
        for c in campuses.sorted() {
            try await db.insert(into: "campuses").columns("school_id", "name").values(SQLBind(id), SQLBind(c))
                .ignoringConflicts(with: ["school_id", "name"]).run()
        }
        for (b, campus) in buildings.sorted(by: { $0.key < $1.key }) {
            let insert = db.insert(into: "buildings").columns("school_id", "name", "campus").values(SQLBind(id), SQLBind(b), SQLBind(campus))
            if campus != nil { try await insert.onConflict(with: ["school_id", "name"]) { $0.set(excludedValueOf: "campus") }.run() }
            else { try await insert.ignoringConflicts(with: ["school_id", "name"]).run() }
        }
        for (_, r) in rooms.sorted(by: { $0.key < $1.key }) {
            let insert = db.insert(into: "rooms").columns("school_id", "building", "name", "floor")
                .values(SQLBind(id), SQLBind(r.building), SQLBind(r.room), SQLBind(r.floor))
            if r.floor != nil { try await insert.onConflict(with: ["school_id", "building", "name"]) { $0.set(excludedValueOf: "floor") }.run() }
            else { try await insert.ignoringConflicts(with: ["school_id", "building", "name"]).run() }
        }
        for c in colleges.sorted() {
            try await db.insert(into: "colleges").columns("school_id", "name").values(SQLBind(id), SQLBind(c))
                .ignoringConflicts(with: ["school_id", "name"]).run()
        }
        for (name, college) in classes.sorted(by: { $0.key < $1.key }) {
            try await db.insert(into: "classes").columns("school_id", "name", "college").values(SQLBind(id), SQLBind(name), SQLBind(college))
                .ignoringConflicts(with: ["school_id", "name"]).run()
        }
    }
}
