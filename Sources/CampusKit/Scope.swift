/// The set of students an actor may see, as units of the grid and teaching structure plus single students.
///
/// Stores take a `Scope` and filter in the query itself, so nothing outside it is ever loaded.
public struct Scope: Sendable, Equatable {
    /// Every student of the school.
    public var wholeSchool: Bool
    /// Students in any of these units.
    public var units: Set<UnitKey>
    /// These students by number (a student sees themself).
    public var students: Set<String>

    public init(wholeSchool: Bool = false, units: Set<UnitKey> = [], students: Set<String> = []) {
        self.wholeSchool = wholeSchool
        self.units = units
        self.students = students
    }

    public static let school = Scope(wholeSchool: true)
    public static let nothing = Scope()

    /// True when no student at all is visible.
    public var isEmpty: Bool { !wholeSchool && units.isEmpty && students.isEmpty }

    /// The union of two scopes.
    public func union(_ other: Scope) -> Scope {
        Scope(wholeSchool: wholeSchool || other.wholeSchool,
              units: units.union(other.units),
              students: students.union(other.students))
    }
}
