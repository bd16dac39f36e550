import CampusKit
import Roster
import SQLKit

/// Limits a query on `students` to a scope, in the query itself.
extension SQLPredicateBuilder {
    func within(_ scope: Scope) -> Self {
        if scope.wholeSchool { return self }
        if scope.isEmpty { return self.where(SQLLiteral.numeric("1"), .equal, SQLLiteral.numeric("0")) }
        return self.where { group in
            var g = group
            func names(_ level: UnitKey.Level) -> [String] { scope.units.filter { $0.level == level }.map(\.key) }
            let simple: [(UnitKey.Level, String)] = [(.campus, "campus"), (.building, "building"), (.college, "college"), (.class, "class_name")]
            for (level, column) in simple where !names(level).isEmpty {
                g = g.orWhere(column, .in, names(level).sorted())
            }
            for key in names(.floor) {
                let parts = StudentFilter(floor: key).floorParts
                guard let parts else { continue }
                g = g.orWhere { $0.where("building", .equal, parts.building).where("floor", .equal, parts.floor) }
            }
            for key in names(.room) {
                guard let parts = StudentFilter(room: key).roomParts else { continue }
                g = g.orWhere { $0.where("building", .equal, parts.building).where("room", .equal, parts.room) }
            }
            if !scope.students.isEmpty {
                g = g.orWhere("student_no", .in, scope.students.sorted())
            }
            return g
        }
    }
}
