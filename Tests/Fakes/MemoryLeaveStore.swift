import CampusKit
import Foundation
import GateAccess
import Roster

/// Leaves in memory, scoped through a roster, listed newest first (requested at, then id) and paged, with a real
/// compare-and-set `update`. `interleave` runs inside `update` before the comparison, standing for another approver
/// who wrote in between. It records every update.
public final class MemoryLeaveStore: LeaveStore, @unchecked Sendable {
    public struct UpdateCall: Equatable, Sendable {
        public var leave: Leave
        public var expectedStatus: Leave.Status
        public var expectedFirst: String?
        public init(leave: Leave, expectedStatus: Leave.Status, expectedFirst: String?) {
            self.leave = leave
            self.expectedStatus = expectedStatus
            self.expectedFirst = expectedFirst
        }
    }

    private let lock = NSLock()
    private let roster: MemoryRosterStore
    private var byID: [String: Leave] = [:]
    private var updateCalls: [UpdateCall] = []
    private var pendingInterleave: (@Sendable (inout Leave) -> Void)?

    public init(roster: MemoryRosterStore) {
        self.roster = roster
    }

    public var all: [Leave] { lock.withLock { Array(byID.values) } }
    public var updates: [UpdateCall] { lock.withLock { updateCalls } }
    public func stored(_ id: String) -> Leave? { lock.withLock { byID[id] } }

    /// Puts a leave in place directly (a leave in a given state without walking through the service).
    public func put(_ leave: Leave) { lock.withLock { byID[leave.id] = leave } }

    /// Another writer changes the stored leave during the next `update`.
    public func interleave(_ change: @escaping @Sendable (inout Leave) -> Void) { lock.withLock { pendingInterleave = change } }

    public func insert(_ leave: Leave, school: SchoolID) async throws {
        lock.withLock { byID[leave.id] = leave }
    }

    private func visible(_ leave: Leave, _ scope: Scope) -> Bool {
        roster.byNumber[leave.studentNo].map { FakeScope.covers(scope, $0) } ?? false
    }

    public func leave(school: SchoolID, id: String, scope: Scope) async throws -> Leave? {
        guard let found = lock.withLock({ byID[id] }), visible(found, scope) else { return nil }
        return found
    }

    public func leaves(school: SchoolID, filter: LeaveFilter, scope: Scope, page: PageRequest) async throws -> Page<Leave> {
        let items = all.filter { leave in
            visible(leave, scope) && (filter.status == nil || filter.status == leave.status)
                && (filter.studentNo == nil || filter.studentNo == leave.studentNo)
        }.sorted { ($0.requestedAt, $0.id) > ($1.requestedAt, $1.id) }
        return FakePaging.page(items, page) { "\($0.requestedAt.timeIntervalSince1970)|\($0.id)" }
    }

    public func update(_ leave: Leave, expecting status: Leave.Status, firstApprovedBy: String?, school: SchoolID) async throws -> Bool {
        lock.withLock {
            updateCalls.append(UpdateCall(leave: leave, expectedStatus: status, expectedFirst: firstApprovedBy))
            if let change = pendingInterleave, var current = byID[leave.id] {
                change(&current)
                byID[leave.id] = current
                pendingInterleave = nil
            }
            guard let current = byID[leave.id], current.status == status, current.firstApprovedBy == firstApprovedBy else { return false }
            byID[leave.id] = leave
            return true
        }
    }
}

/// Pages a list the fakes have already sorted: the cursor is the key of the last item given, and the next page starts
/// after the item with that key.
public enum FakePaging {
    public static func page<Item: Sendable>(_ sorted: [Item], _ request: PageRequest, key: (Item) -> String) -> Page<Item> {
        var rest = sorted[...]
        if let after = request.after {
            guard let at = sorted.firstIndex(where: { key($0) == after }) else { return Page(items: [], next: nil) }
            rest = sorted[(at + 1)...]
        }
        let items = Array(rest.prefix(request.limit))
        return Page(items: items, next: rest.count > request.limit ? items.last.map(key) : nil)
    }
}
