import CampusKit
import Foundation
import GateAccess

/// The contract's contact rules, applied to an index student and then to each degree-1 contact.
///
/// Per degree: one read of the sources' stays, one read of the stays sharing their places (index ranges per place,
/// merged), one read of their housemates, then `CoPresenceSweep` over those stays. Reads never grow with the school's size,
/// only with the stays around the sources.
public struct ContactTracer: Sendable {
    private let source: any TracingSource

    public init(source: any TracingSource) {
        self.source = source
    }

    /// Degree-1 contacts (and, when `depth` is 2, degree-2 contacts found through each of them), each with every
    /// piece of evidence; ordered by degree, then student number. The index is never its own contact, and a
    /// degree-1 contact is never listed again at degree 2.
    public func trace(_ request: InvestigationRequest, school: SchoolID) async throws -> [Contact] {
        let index = request.indexStudentNo
        let first = try await evidence(from: [index], excluding: [index], request: request, school: school, degree: 1)
        var contacts = first.map { Contact(studentNo: $0.key, degree: 1, evidence: $0.value.sorted(by: Evidence.order)) }
        if request.depth >= 2, !first.isEmpty {
            let sources = Set(first.keys)
            let second = try await evidence(from: sources, excluding: sources.union([index]), request: request, school: school, degree: 2)
            contacts += second.map { Contact(studentNo: $0.key, degree: 2, evidence: $0.value.sorted(by: Evidence.order)) }
        }
        return contacts.sorted { ($0.degree, $0.studentNo) < ($1.degree, $1.studentNo) }
    }

    /// Evidence by contact for everyone the rules connect to one of `sources`; at degree 2 each piece names its source in `via`.
    private func evidence(from sources: Set<String>, excluding excluded: Set<String>, request: InvestigationRequest,
                          school: SchoolID, degree: Int) async throws -> [String: [Evidence]] {
        let window = request.window
        func via(_ s: String) -> String? { degree == 1 ? nil : s }
        var found: [String: Set<Evidence>] = [:]

        let residents = try await source.residents(sharingWith: sources, sameFloor: request.includeFloor, school: school)
        let sourceHomes = residents.filter { sources.contains($0.studentNo) }
        for home in sourceHomes {
            for other in residents where !excluded.contains(other.studentNo) && other.building == home.building {
                if let room = home.room, other.room == room {
                    found[other.studentNo, default: []].insert(Evidence(rule: .roommate, place: "\(home.building)/\(room)",
                                                                        from: window.start, to: window.end, via: via(home.studentNo)))
                }
                if request.includeFloor, let floor = home.floor, other.floor == floor {
                    found[other.studentNo, default: []].insert(Evidence(rule: .floormate, place: "\(home.building)/\(floor)",
                                                                        from: window.start, to: window.end, via: via(home.studentNo)))
                }
            }
        }

        let minimum = TimeInterval(request.minOverlapMinutes * 60)
        let own = try await source.stays(of: sources, school: school, window: window, lasting: minimum)
            .filter { sources.contains($0.studentNo) && ($0.clipped(to: window).map { $0.to.timeIntervalSince($0.from) >= minimum } ?? false) }
        if !own.isEmpty {
            let around = try await source.staysSharingPlaces(with: own, school: school, window: window, overlapping: minimum)
            let pairs = CoPresenceSweep.overlaps(sources: own, others: around, window: window, minimum: minimum)
            for p in pairs where !excluded.contains(p.other.studentNo) {
                let minutes = Int(p.to.timeIntervalSince(p.from) / 60)
                found[p.other.studentNo, default: []].insert(Evidence(rule: .coPresence, place: p.other.place, from: p.from, to: p.to,
                                                                      minutes: minutes, via: via(p.source.studentNo)))
            }
        }
        return found.mapValues(Array.init)
    }
}
