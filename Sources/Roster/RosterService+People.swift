import CampusKit

extension RosterService {
    /// The people behind these numbers, by number: students the actor may see (one query however many numbers),
    /// and, for staff readers, members of staff. Numbers that stand for nobody visible are left out.
    public func people(numbered numbers: [String], by actor: Actor) async throws -> [String: RosterPerson] {
        let wanted = Set(numbers.filter { !$0.isEmpty })
        guard !wanted.isEmpty else { return [:] }
        var found: [String: RosterPerson] = [:]
        for student in try await store.students(school: actor.school, numbers: Array(wanted)) where Self.sees(actor.scope, student) {
            found[student.studentNo] = RosterPerson(student)
        }
        if actor.kind == .staff {
            for member in try await store.staff(school: actor.school) where wanted.contains(member.staffNo) {
                found[member.staffNo] = RosterPerson(member)
            }
        }
        return found
    }

    /// The names of the classes the actor's students are in, in the roster's order (natural: 信息2101 before 信息2110).
    public func classNames(by actor: Actor) async throws -> [String] {
        try await store.classNames(school: actor.school, scope: actor.scope).sorted(by: GridTree.naturalLess)
    }

    /// Whether `scope` lets its holder see `student` (as the stores apply scopes in their queries).
    static func sees(_ scope: Scope, _ student: Student) -> Bool {
        scope.wholeSchool || scope.students.contains(student.studentNo) || !scope.units.isDisjoint(with: student.units)
    }
}
