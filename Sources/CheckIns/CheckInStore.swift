import CampusKit
import Foundation
import Roster

/// Where check-ins live. Uniqueness the rules rely on (one counted check-in per student and day; one answer
/// per idempotency key) is kept by the store itself, also under concurrent writes.
public protocol CheckInStore: Sendable {
    /// Stores `checkIn` in history and counts it for its student and day as `CountedDay` says, in one durable
    /// transaction (the running unit of work's, inside one).
    ///
    /// With a `claim`, the first request with the key is recorded and every later one gets its receipt again
    /// (`.replayed`) or, when its fingerprint differs, `.keyReused`; concurrent requests with one key store one row.
    func record(_ checkIn: CheckIn, school: SchoolID, claim: IdempotencyClaim?) async throws -> RecordOutcome

    /// The check-in that counts for `studentNo` on `day`, if any.
    func counted(school: SchoolID, studentNo: String, day: CampusDay) async throws -> CheckIn?

    /// A student's check-ins from `since` on, newest first, replaced ones included.
    func history(school: SchoolID, studentNo: String, since: CampusDay, limit: Int) async throws -> [CheckIn]

    /// Completeness on `day` grouped at `level`, counting only students within `scope`.
    func completeness(school: SchoolID, day: CampusDay, level: UnitKey.Level, scope: Scope) async throws -> [Completeness.Group]

    /// Active students within `scope` matching `filter` who have no check-in on `day`, by student number.
    func missing(school: SchoolID, day: CampusDay, filter: StudentFilter, scope: Scope, page: PageRequest) async throws -> Page<MissingStudent>

    /// Every submission (counted or not) from `from` to `to` within `scope`, oldest first: the raw material of integrity review.
    func submissions(school: SchoolID, from: CampusDay, to: CampusDay, scope: Scope) async throws -> [CheckIn]

    /// The school's timetable, `.standard` until one is set.
    func policy(school: SchoolID) async throws -> CheckInPolicy

    func setPolicy(_ policy: CheckInPolicy, school: SchoolID) async throws
}

/// What else an abnormal check-in sets in motion, in the same unit of work as the check-in: the App opens the
/// student's case (or adds to it) and tells the people responsible.
public protocol AbnormalCheckInFollowUp: Sendable {
    /// `summary` says in one line what was abnormal (`CheckInService.summary`).
    func abnormal(_ checkIn: CheckIn, summary: String, school: SchoolID) async throws
}

/// An `Idempotency-Key` with who sent it and what they asked.
public struct IdempotencyClaim: Sendable, Equatable {
    public var key: String
    /// The account or token the key belongs to; keys of different callers never meet.
    public var owner: String
    public var fingerprint: String
    public init(key: String, owner: String, fingerprint: String) {
        self.key = key
        self.owner = owner
        self.fingerprint = fingerprint
    }
}

/// What became of a submission.
public enum RecordOutcome: Sendable, Equatable {
    /// Stored now.
    case recorded(Receipt)
    /// The key was used before with the same request: here is the first answer.
    case replayed(Receipt)
    /// The key was used before with another request.
    case keyReused
}
