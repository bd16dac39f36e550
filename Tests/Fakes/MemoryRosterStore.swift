import CampusKit
import Foundation
import Roster

/// Scopes as the SQL stores apply them (Storage/Roster/ScopePredicate.swift), for every fake that lists students.
public enum FakeScope {
    /// Whether `scope` lets its holder see `student`.
    public static func covers(_ scope: Scope, _ student: Student) -> Bool {
        scope.wholeSchool || scope.students.contains(student.studentNo) || !scope.units.isDisjoint(with: student.units)
    }
}

/// A roster held in memory: lookups, lists (filtered, scoped, paged by student number), grid counts, staff and grid
/// leaders as the SQL store answers them. Imports throw `NotImplementedByFake`.
public final class MemoryRosterStore: RosterStore, @unchecked Sendable {
    private let lock = NSLock()
    private var studentsByNumber: [String: Student]
    private var members: [StaffMember]

    public init(_ students: [Student], staff: [StaffMember] = []) {
        studentsByNumber = Dictionary(uniqueKeysWithValues: students.map { ($0.studentNo, $0) })
        members = staff
    }

    /// The stored students by number (for other fakes that join the roster).
    public var byNumber: [String: Student] { lock.withLock { studentsByNumber } }

    public func importStudents(school: SchoolID, dryRun: Bool,
                               plan: @escaping @Sendable (RosterSnapshot) throws -> ImportPlan<Student>) async throws -> ImportCounts {
        throw NotImplementedByFake("MemoryRosterStore.importStudents")
    }

    public func importStaff(school: SchoolID, dryRun: Bool,
                            plan: @escaping @Sendable ([String: StaffMember]) throws -> ImportPlan<StaffMember>) async throws -> ImportCounts {
        throw NotImplementedByFake("MemoryRosterStore.importStaff")
    }

    public func students(school: SchoolID, filter: StudentFilter, scope: Scope, page: PageRequest) async throws -> Page<Student> {
        let matching = byNumber.values.filter { s in
            FakeScope.covers(scope, s) && Self.matches(filter, s) && (page.after.map { s.studentNo > $0 } ?? true)
        }.sorted { $0.studentNo < $1.studentNo }
        let items = Array(matching.prefix(page.limit))
        return Page(items: items, next: matching.count > page.limit ? items.last?.studentNo : nil)
    }

    public func student(school: SchoolID, number: String, scope: Scope) async throws -> Student? {
        byNumber[number].flatMap { FakeScope.covers(scope, $0) ? $0 : nil }
    }

    public func students(school: SchoolID, numbers: [String]) async throws -> [Student] {
        let all = byNumber
        return Set(numbers).compactMap { all[$0] }.sorted { $0.studentNo < $1.studentNo }
    }

    public func classNames(school: SchoolID, scope: Scope) async throws -> [String] {
        Set(byNumber.values.filter { FakeScope.covers(scope, $0) }.map(\.className)).sorted()
    }

    public func gridCounts(school: SchoolID, scope: Scope) async throws -> [GridCount] {
        struct Cell: Hashable { var campus, building: String?; var floor: Int?; var room: String? }
        var counts: [Cell: (students: Int, active: Int)] = [:]
        for s in byNumber.values where FakeScope.covers(scope, s) {
            let cell = Cell(campus: s.campus, building: s.building, floor: s.floor, room: s.room)
            counts[cell, default: (0, 0)].students += 1
            if s.status == .active { counts[cell, default: (0, 0)].active += 1 }
        }
        return counts.map { GridCount(campus: $0.key.campus, building: $0.key.building, floor: $0.key.floor, room: $0.key.room,
                                      students: $0.value.students, active: $0.value.active) }
    }

    public func staffMember(school: SchoolID, number: String) async throws -> StaffMember? {
        lock.withLock { members.first { $0.staffNo == number } }
    }

    public func staff(school: SchoolID) async throws -> [StaffMember] {
        lock.withLock { members.sorted { $0.staffNo < $1.staffNo } }
    }

    public func gridLeaders(school: SchoolID) async throws -> [Student] {
        byNumber.values.filter { $0.status == .active && $0.gridRole != nil }.sorted { $0.studentNo < $1.studentNo }
    }

    private static func matches(_ f: StudentFilter, _ s: Student) -> Bool {
        if let v = f.building, s.building != v { return false }
        if let v = f.floor {
            if let p = f.floorParts { if s.building != p.building || s.floor != p.floor { return false } }
            else if s.floor.map(String.init) != v { return false }
        }
        if let v = f.room {
            if let p = f.roomParts { if s.building != p.building || s.room != p.room { return false } }
            else if s.room != v { return false }
        }
        if let v = f.college, s.college != v { return false }
        if let v = f.className, s.className != v { return false }
        if let v = f.status, s.status != v { return false }
        if let q = f.query, !(s.studentNo.hasPrefix(q) || s.name.contains(q)) { return false }
        return true
    }
}
