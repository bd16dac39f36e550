import CampusKit
import Foundation

/// What the scheduled jobs ask of quarantine (App/Jobs/QuarantineJobs.swift): whose protocol has a test today, and
/// who has not recorded their health since a moment.
extension QuarantineService {
    /// Every active placement, oldest start last (the ledger's order), for the jobs.
    public func activePlacements(school: SchoolID) async throws -> [Placement] {
        var all: [Placement] = [], after: String?
        repeat {
            let page = try await store.placements(school: school, filter: PlacementFilter(status: .active), scope: .school,
                                                  page: PageRequest(limit: 1000, after: after))
            all += page.items
            after = page.next
        } while after != nil
        return all
    }

    /// Site names by code.
    public func siteNames(school: SchoolID) async throws -> [String: String] {
        Dictionary(try await store.sites(school: school).map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// The students of active placements whose protocol has a test on `day`, by site (numbers sorted).
    public func testsDue(on day: CampusDay, school: SchoolID) async throws -> [String: [String]] {
        var due: [String: [String]] = [:]
        for p in try await activePlacements(school: school) where p.protocolRule.isTestDay(p.dayNumber(of: day, in: timeZone)) {
            due[p.site, default: []].append(p.studentNo)
        }
        return due.mapValues { $0.sorted() }
    }

    /// Active placements that started before `placedBefore` and have no health record from `since` on.
    public func missingRecords(since: Date, placedBefore: Date, school: SchoolID) async throws -> [Placement] {
        let last = try await store.lastRecords(school: school)
        return try await activePlacements(school: school).filter { p in
            p.start < placedBefore && (last[p.id].map { $0 < since } ?? true)
        }
    }
}
