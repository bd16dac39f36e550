import CampusKit
import NIOPosix
import Roster
import Separation
import Storage

// What separation reads of the roster, and where its planner runs.

/// The students of a group from the roster: a group's code is a unit key (C1), a building by its name or a floor
/// as `BUILDING/FLOOR`; only active students count.
public struct RosterGroupMembers: GroupMembers {
    let roster: any RosterStore

    public init(roster: any RosterStore) { self.roster = roster }

    public func members(of group: String, school: SchoolID, scope: Scope) async throws -> [String: String] {
        let filter = group.contains("/") ? StudentFilter(floor: group, status: .active) : StudentFilter(building: group, status: .active)
        if group.contains("/"), filter.floorParts == nil { return [:] }
        var found: [String: String] = [:]
        var after: String?
        repeat {
            let page = try await roster.students(school: school, filter: filter, scope: scope, page: PageRequest(limit: PageRequest.maximumLimit, after: after))
            for s in page.items { found[s.studentNo] = s.name }
            after = page.next
        } while after != nil
        return found
    }

    public func units(of studentNo: String, school: SchoolID) async throws -> [String] {
        guard let s = try await roster.student(school: school, number: studentNo, scope: .school), let building = s.building else { return [] }
        return [building] + (s.floor.map { ["\(building)/\($0)"] } ?? [])
    }
}

/// The planner on NIO's thread pool: a plan of up to its budget of CPU never holds an event loop or a task of the
/// cooperative pool, and a server thread is never held for longer than the budget.
public struct PooledSeparationSolver: SeparationSolver {
    let planner: Planner

    public init(planner: Planner) { self.planner = planner }

    public func plan(_ problem: SeparationProblem) async throws -> SeparationPlan {
        let planner = self.planner
        return try await NIOThreadPool.singleton.runIfActive { try planner.plan(problem) }
    }
}
