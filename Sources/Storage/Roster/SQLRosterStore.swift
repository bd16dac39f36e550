import CampusKit
import Foundation
import Roster
import SQLKit

/// The roster on SQLite or PostgreSQL.
public struct SQLRosterStore: RosterStore {
    let database: Database
    let clock: any Clock

    public init(database: Database, clock: any Clock) {
        self.database = database
        self.clock = clock
    }

    /// Creates the school's row if it is missing; every other table refers to it.
    public func ensureSchool(_ school: SchoolID, name: String, timeZone: String) async throws {
        let now = Instant.format(clock.now())
        try await database.write { db in
            try await db.insert(into: "schools").columns("id", "name", "timezone", "created_at")
                .values(SQLBind(school.rawValue), SQLBind(name), SQLBind(timeZone), SQLBind(now))
                .ignoringConflicts(with: ["id"]).run()
        }
    }

    public func importStudents(school: SchoolID, dryRun: Bool,
                               plan: @escaping @Sendable (RosterSnapshot) throws -> ImportPlan<Student>) async throws -> ImportCounts {
        let now = Instant.format(clock.now())
        if dryRun {
            return try await database.read { db in try plan(try await snapshot(db, school: school)).counts }
        }
        let counts = try await database.write { db in
            let result = try plan(try await snapshot(db, school: school))
            let changed = result.create + result.update
            try await upsertUnits(of: changed, school: school, db: db)
            let rows = changed.map { StudentRow($0, school: school, updatedAt: now) }
            for chunk in stride(from: 0, to: rows.count, by: 500).map({ rows[$0..<min($0 + 500, rows.count)] }) {
                let insert = db.insert(into: "students").columns(StudentRow.columns)
                for row in chunk { _ = insert.values(row.values.map { SQLBind($0) }) }
                try await insert.onConflict(with: ["school_id", "student_no"]) { update in
                    var u = update
                    for column in StudentRow.columns.dropFirst(2) { u = u.set(excludedValueOf: column) }
                    return u
                }.run()
            }
            // Counted check-ins carry their student's units and status; moved or suspended students follow at once.
            try await SQLCheckInStore.refreshUnits(db, school: school, students: result.update.map(\.studentNo))
            return result.counts
        }
        database.studentsByNumber.forget(school: school)
        return counts
    }

    public func importStaff(school: SchoolID, dryRun: Bool,
                            plan: @escaping @Sendable ([String: StaffMember]) throws -> ImportPlan<StaffMember>) async throws -> ImportCounts {
        let now = Instant.format(clock.now())
        let load: @Sendable (any SQLDatabase) async throws -> [String: StaffMember] = { db in
            let rows = try await db.select().column("*").from("staff").where("school_id", .equal, school.rawValue)
                .all(decoding: StaffRow.self)
            return Dictionary(uniqueKeysWithValues: rows.map { ($0.staff_no, $0.member) })
        }
        if dryRun {
            return try await database.read { db in try plan(try await load(db)).counts }
        }
        return try await database.write { db in
            let result = try plan(try await load(db))
            let rows: [[any Encodable & Sendable]] = (result.create + result.update).map {
                let r = StaffRow($0, school: school, updatedAt: now)
                return [r.school_id, r.staff_no, r.name, r.roles, r.phone, r.scope, r.updated_at]
            }
            try await Self.insertRows(into: "staff", ["school_id", "staff_no", "name", "roles", "phone", "scope", "updated_at"], rows,
                                      key: ["school_id", "staff_no"], update: ["name", "roles", "phone", "scope", "updated_at"], db: db)
            return result.counts
        }
    }

    public func students(school: SchoolID, filter: StudentFilter, scope: Scope, page: PageRequest) async throws -> Page<Student> {
        try await database.read { db in
            let query = db.select().column("*").from("students").where("school_id", .equal, school.rawValue).within(scope)
            if let v = filter.building { query.where("building", .equal, v) }
            if let v = filter.floor {
                if let p = filter.floorParts { query.where("building", .equal, p.building).where("floor", .equal, p.floor) }
                // A bare number is a floor of any building; anything else names no floor (PostgreSQL would refuse
                // to compare its integer column with the text).
                else if let n = Int(v) { query.where("floor", .equal, n) } else { query.where(SQLLiteral.boolean(false)) }
            }
            if let v = filter.room {
                if let p = filter.roomParts { query.where("building", .equal, p.building).where("room", .equal, p.room) }
                else { query.where("room", .equal, v) }
            }
            if let v = filter.college { query.where("college", .equal, v) }
            if let v = filter.className { query.where("class_name", .equal, v) }
            if let v = filter.status { query.where("status", .equal, v.rawValue) }
            if let q = filter.query {
                query.where { $0.where("student_no", .like, "\(q)%").orWhere("name", .like, "%\(q)%") }
            }
            if let after = page.after { query.where("student_no", .greaterThan, after) }
            let rows = try await query.orderBy("student_no").limit(page.limit + 1).all(decoding: StudentRow.self)
            let items = rows.prefix(page.limit).map(\.student)
            return Page(items: Array(items), next: rows.count > page.limit ? items.last?.studentNo : nil)
        }
    }

    public func student(school: SchoolID, number: String, scope: Scope) async throws -> Student? {
        // Every check-in of a student or an integration looks its student up for the whole school: kept a few seconds.
        // Inside a transaction the read must see that transaction's own changes, so it goes to the database.
        let cacheable = scope == .school && !database.inTransaction
        let cache = database.studentsByNumber
        let generation = cache.generation
        if cacheable, let cached = cache.student(school: school, number: number) { return cached }
        let student = try await database.read { db in
            try await db.select().column("*").from("students").where("school_id", .equal, school.rawValue)
                .where("student_no", .equal, number).within(scope).first(decoding: StudentRow.self)?.student
        }
        if cacheable { cache.keep(student, school: school, number: number, readAt: generation) }
        return student
    }

    public func gridCounts(school: SchoolID, scope: Scope) async throws -> [GridCount] {
        struct Row: Decodable { var campus: String?; var building: String?; var floor: Int?; var room: String?; var students: Int; var active: Int }
        return try await database.read { db in
            try await db.select()
                .columns("campus", "building", "floor", "room")
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "students")
                .column(SQLFunction("SUM", args: SQLRaw("CASE WHEN status = 'active' THEN 1 ELSE 0 END")), as: "active")
                .from("students").where("school_id", .equal, school.rawValue).within(scope)
                .groupBy("campus").groupBy("building").groupBy("floor").groupBy("room")
                .all(decoding: Row.self)
                .map { GridCount(campus: $0.campus, building: $0.building, floor: $0.floor, room: $0.room, students: $0.students, active: $0.active) }
        }
    }

    public func classNames(school: SchoolID, scope: Scope) async throws -> [String] {
        try await database.read { db in
            try await db.select().distinct().column("class_name").from("students").where("school_id", .equal, school.rawValue)
                .within(scope).orderBy("class_name").all(decodingColumn: "class_name", as: String.self)
        }
    }

    public func staffMember(school: SchoolID, number: String) async throws -> StaffMember? {
        try await database.read { db in
            try await db.select().column("*").from("staff").where("school_id", .equal, school.rawValue)
                .where("staff_no", .equal, number).first(decoding: StaffRow.self)?.member
        }
    }

    public func students(school: SchoolID, numbers: [String]) async throws -> [Student] {
        guard !numbers.isEmpty else { return [] }
        return try await database.read { db in
            var found: [Student] = []
            for chunk in Array(Set(numbers)).sorted().chunked(500) {
                found += try await db.select().column("*").from("students").where("school_id", .equal, school.rawValue)
                    .where("student_no", .in, SQLBind.group(Array(chunk))).all(decoding: StudentRow.self).map(\.student)
            }
            return found.sorted { $0.studentNo < $1.studentNo }
        }
    }

    public func staff(school: SchoolID) async throws -> [StaffMember] {
        try await database.read { db in
            try await db.select().column("*").from("staff").where("school_id", .equal, school.rawValue)
                .orderBy("staff_no").all(decoding: StaffRow.self).map(\.member)
        }
    }

    public func gridLeaders(school: SchoolID) async throws -> [Student] {
        try await database.read { db in
            try await db.select().column("*").from("students").where("school_id", .equal, school.rawValue)
                .where("grid_role", .isNot, SQLLiteral.null).where("status", .equal, StudentStatus.active.rawValue)
                .orderBy("student_no").all(decoding: StudentRow.self).map(\.student)
        }
    }
}
