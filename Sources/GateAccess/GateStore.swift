import CampusKit
import Foundation
import Roster

/// Where access points, events, the stays derived from them, presence, alerts and the gate policy live.
public protocol GateStore: AccessAlertWriter {
    /// Stores a new point or renames an existing one. Returns the kind already used by the point's place when it
    /// differs from `point.kind` (nothing is stored then), or nil when stored.
    func register(_ point: AccessPoint, school: SchoolID) async throws -> AccessPoint.Kind?

    /// Every point of the school, by code.
    func points(school: SchoolID) async throws -> [AccessPoint]

    /// One point, or nil. May be answered from a cache a few seconds old.
    func point(school: SchoolID, code: String) async throws -> AccessPoint?

    /// Stores the events in one transaction, each at most once per (point, event id): unknown points and students
    /// are rejected by index, resent events counted as duplicates. In the same transaction it re-derives the stays
    /// of the students concerned, moves their presence forward, records departures and returns against approved
    /// leaves, and raises `denied` alerts and, for exits through points of `exitNeedsLeave` kinds without leave,
    /// `exit_without_leave` alerts.
    func ingest(_ events: [(index: Int, event: AccessEvent)], school: SchoolID, exitNeedsLeave: Set<AccessPoint.Kind>,
                at now: Date) async throws -> IngestResult

    /// What a gate decision needs to know about a student at `instant`; nil when the student is unknown.
    func facts(school: SchoolID, studentNo: String, point: AccessPoint, day: CampusDay, at instant: Date) async throws -> GateFacts?

    /// The current policy (the built-in `normal` one, version 0, until a school stores its own).
    /// May be answered from a cache a few seconds old.
    func policy(school: SchoolID) async throws -> GatePolicy

    /// Stores `policy` as the next version and returns it with that version.
    func setPolicy(_ policy: GatePolicy, school: SchoolID, by: String, at: Date) async throws -> GatePolicy

    /// A student's events and stays that touch `window`, in time order.
    func trajectory(school: SchoolID, studentNo: String, window: DateInterval) async throws -> Trajectory

    /// Where every active student within `scope` is, by student number.
    func presence(school: SchoolID, scope: Scope) async throws -> [Presence]

    /// Where one active student within `scope` is; nil when there is no such student.
    func presence(school: SchoolID, studentNo: String, scope: Scope) async throws -> Presence?

    /// Alerts about students within `scope` since `since`, newest first.
    func alerts(school: SchoolID, scope: Scope, since: Date, kind: AccessAlert.Kind?, page: PageRequest) async throws -> Page<AccessAlert>

    /// Approved leaves the student went out under and has not come back from.
    func departedLeaves(school: SchoolID) async throws -> [TrackedLeave]

    /// The last passages of each active student whose last campus-gate passage was out, and which of them an approved
    /// leave covers at `now` (the material of `Curfew.absentees`).
    func lastOut(school: SchoolID, at now: Date) async throws -> (passages: [String: LastPassages], onLeave: Set<String>)
}

/// Where leave requests live.
public protocol LeaveStore: Sendable {
    func insert(_ leave: Leave, school: SchoolID) async throws

    /// One leave, or nil when unknown or its student is outside `scope`.
    func leave(school: SchoolID, id: String, scope: Scope) async throws -> Leave?

    /// Leaves of students within `scope` matching `filter`, newest first.
    func leaves(school: SchoolID, filter: LeaveFilter, scope: Scope, page: PageRequest) async throws -> Page<Leave>

    /// Stores `leave` only if the stored one still has `status` and `firstApprovedBy` as the caller last read them,
    /// so two approvers acting at once cannot both win. True when stored.
    func update(_ leave: Leave, expecting status: Leave.Status, firstApprovedBy: String?, school: SchoolID) async throws -> Bool
}

/// What work crossing domains writes into the gates' alerts, inside its unit of work.
public protocol AccessAlertWriter: Sendable {
    /// Raises the drafts not raised before (by `dedupe`); returns the students of those raised now, in draft order.
    func raise(_ alerts: [AlertDraft], school: SchoolID) async throws -> [String]
}
