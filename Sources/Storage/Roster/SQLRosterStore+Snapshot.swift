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
        let withCampus = buildings.filter { $0.value != nil }.sorted { $0.key < $1.key }
        let withoutCampus = buildings.filter { $0.value == nil }.sorted { $0.key < $1.key }
        let withFloor = rooms.values.filter { $0.floor != nil }.sorted { ($0.building, $0.room) < ($1.building, $1.room) }
        let withoutFloor = rooms.values.filter { $0.floor == nil }.sorted { ($0.building, $0.room) < ($1.building, $1.room) }
        try await Self.insertRows(into: "campuses", ["school_id", "name"], campuses.sorted().map { [id, $0] },
                                  key: ["school_id", "name"], db: db)
        try await Self.insertRows(into: "buildings", ["school_id", "name", "campus"], withCampus.map { [id, $0.key, $0.value] },
                                  key: ["school_id", "name"], update: ["campus"], db: db)
        try await Self.insertRows(into: "buildings", ["school_id", "name", "campus"], withoutCampus.map { [id, $0.key, $0.value] },
                                  key: ["school_id", "name"], db: db)
        try await Self.insertRows(into: "rooms", ["school_id", "building", "name", "floor"], withFloor.map { [id, $0.building, $0.room, $0.floor] },
                                  key: ["school_id", "building", "name"], update: ["floor"], db: db)
        try await Self.insertRows(into: "rooms", ["school_id", "building", "name", "floor"], withoutFloor.map { [id, $0.building, $0.room, $0.floor] },
                                  key: ["school_id", "building", "name"], db: db)
        try await Self.insertRows(into: "colleges", ["school_id", "name"], colleges.sorted().map { [id, $0] },
                                  key: ["school_id", "name"], db: db)
        try await Self.insertRows(into: "classes", ["school_id", "name", "college"], classes.sorted { $0.key < $1.key }.map { [id, $0.key, $0.value] },
                                  key: ["school_id", "name"], db: db)
    }

    /// Inserts `rows` in statements of up to 500 rows; on a clash with `key`, sets the `update` columns from the
    /// new row, or keeps the stored row when there are none. One round trip per 500 rows matters on PostgreSQL.
    static func insertRows(into table: String, _ columns: [String], _ rows: [[any Encodable & Sendable]], key: [String],
                           update: [String] = [], db: any SQLDatabase) async throws {
        for start in stride(from: 0, to: rows.count, by: 500) {
            let insert = db.insert(into: table).columns(columns)
            for row in rows[start..<min(start + 500, rows.count)] { _ = insert.values(row.map { SQLBind($0) }) }
            if update.isEmpty {
                try await insert.ignoringConflicts(with: key).run()
            } else {
                try await insert.onConflict(with: key) { conflict in
                    update.reduce(conflict) { $0.set(excludedValueOf: $1) }
                }.run()
            }
        }
    }
}
