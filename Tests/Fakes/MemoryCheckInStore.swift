import CampusKit
import CheckIns
import Foundation
import Roster

/// Check-ins in memory: recording (every submission kept, one counted per student and day as `CountedDay` says, one
/// answer per idempotency key and owner), the counted check-in, a student's history and the timetable. Completeness,
/// missing students and submissions for integrity review throw `NotImplementedByFake`.
public final class MemoryCheckInStore: CheckInStore, @unchecked Sendable {
    private struct Claimed {
        var fingerprint: String
        var receipt: Receipt
    }

    private let lock = NSLock()
    private var all: [CheckIn] = []
    private var days: [String: CountedDay] = [:]
    private var claims: [String: Claimed] = [:]
    private var timetable: CheckInPolicy = .standard

    public init() {}

    private static func dayKey(_ studentNo: String, _ day: CampusDay) -> String { "\(day)|\(studentNo)" }

    public func record(_ checkIn: CheckIn, school: SchoolID, claim: IdempotencyClaim?) async throws -> RecordOutcome {
        lock.withLock {
            let claimKey = claim.map { "\($0.owner)\u{0}\($0.key)" }
            if let claim, let claimKey, let earlier = claims[claimKey] {
                return earlier.fingerprint == claim.fingerprint ? .replayed(earlier.receipt) : .keyReused
            }
            all.append(checkIn)
            let key = Self.dayKey(checkIn.studentNo, checkIn.day)
            days[key] = days[key].map { $0.merging(checkIn) } ?? CountedDay(checkIn)
            let receipt = Receipt(checkIn)
            if let claim, let claimKey { claims[claimKey] = Claimed(fingerprint: claim.fingerprint, receipt: receipt) }
            return .recorded(receipt)
        }
    }

    public func counted(school: SchoolID, studentNo: String, day: CampusDay) async throws -> CheckIn? {
        lock.withLock {
            guard let id = days[Self.dayKey(studentNo, day)]?.checkIn.id, var found = all.first(where: { $0.id == id }) else { return nil }
            found.counted = true
            return found
        }
    }

    public func history(school: SchoolID, studentNo: String, since: CampusDay, limit: Int) async throws -> [CheckIn] {
        lock.withLock {
            Array(all.filter { $0.studentNo == studentNo && $0.day >= since }.sorted { $0.submittedAt > $1.submittedAt }.prefix(limit).map { c in
                var c = c
                c.counted = days[Self.dayKey(c.studentNo, c.day)]?.checkIn.id == c.id
                return c
            })
        }
    }

    public func completeness(school: SchoolID, day: CampusDay, level: UnitKey.Level, scope: Scope) async throws -> [Completeness.Group] {
        throw NotImplementedByFake("MemoryCheckInStore.completeness")
    }

    public func missing(school: SchoolID, day: CampusDay, filter: StudentFilter, scope: Scope, page: PageRequest) async throws -> Page<MissingStudent> {
        throw NotImplementedByFake("MemoryCheckInStore.missing")
    }

    public func submissions(school: SchoolID, from: CampusDay, to: CampusDay, scope: Scope) async throws -> [CheckIn] {
        throw NotImplementedByFake("MemoryCheckInStore.submissions")
    }

    public func policy(school: SchoolID) async throws -> CheckInPolicy { lock.withLock { timetable } }

    public func setPolicy(_ policy: CheckInPolicy, school: SchoolID) async throws { lock.withLock { timetable = policy } }
}
