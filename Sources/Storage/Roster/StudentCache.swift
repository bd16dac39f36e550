import CampusKit
import Foundation
import NIOConcurrencyHelpers
import Roster

/// Students by school and number, each kept for `lifetime`: a check-in reads its student on every request, and the
/// roster changes by import a few times a term. An import on this server empties the school's entries at once;
/// another server's import is seen within `lifetime` (as the check-in timetable's cache).
///
/// A read that began before an import ended must not put back what the import replaced: entries are kept only if no
/// import ended since the read began (`generation`). Imports are transactions of their own (`RosterService`); one
/// made inside a larger unit of work would empty the cache before that unit commits.
final class StudentCache: Sendable {
    private struct State {
        var entries: [String: (student: Student?, until: Date)] = [:]
        var generation = 0
    }

    private let state = NIOLockedValueBox(State())
    private let lifetime: TimeInterval = 5
    /// Beyond this many entries the cache starts over (a province's schools share a server).
    private let capacity = 50_000

    var generation: Int { state.withLockedValue { $0.generation } }

    /// The kept answer (nil inside means "no such student"), or nil when there is none or it is too old.
    func student(school: SchoolID, number: String) -> Student?? {
        let key = Self.key(school, number)
        return state.withLockedValue { s in
            guard let entry = s.entries[key], entry.until > Date() else { return nil }
            return .some(entry.student)
        }
    }

    func keep(_ student: Student?, school: SchoolID, number: String, readAt generation: Int) {
        state.withLockedValue { s in
            guard s.generation == generation else { return }
            if s.entries.count >= capacity { s.entries.removeAll(keepingCapacity: true) }
            s.entries[Self.key(school, number)] = (student, Date().addingTimeInterval(lifetime))
        }
    }

    /// After an import: the school's students are read again.
    func forget(school: SchoolID) {
        let prefix = school.rawValue + "\u{1F}"
        state.withLockedValue { s in
            s.generation += 1
            s.entries = s.entries.filter { !$0.key.hasPrefix(prefix) }
        }
    }

    private static func key(_ school: SchoolID, _ number: String) -> String { school.rawValue + "\u{1F}" + number }
}
