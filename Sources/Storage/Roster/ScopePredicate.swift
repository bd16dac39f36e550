import CampusKit
import Roster
import SQLKit

/// Limits a query on `students` to a scope, in the query itself. `table` qualifies the columns when the query
/// joins `students` (under that name or alias) with tables that share column names.
extension SQLPredicateBuilder {
    func within(_ scope: Scope, table: String? = nil) -> Self {
        if scope.wholeSchool { return self }
        if scope.isEmpty { return self.where(SQLLiteral.numeric("1"), .equal, SQLLiteral.numeric("0")) }
        func column(_ name: String) -> SQLColumn { SQLColumn(name, table: table) }
        return self.where { group in
            // Fail closed: the group starts false, so a scope whose units are all unreadable (a floor or room key
            // without its building) admits no student instead of leaving the query unrestricted.
            var g = group.where(SQLLiteral.numeric("1"), .equal, SQLLiteral.numeric("0"))
            func names(_ level: UnitKey.Level) -> [String] { scope.units.filter { $0.level == level }.map(\.key) }
            let simple: [(UnitKey.Level, String)] = [(.campus, "campus"), (.building, "building"), (.college, "college"), (.class, "class_name")]
            for (level, name) in simple where !names(level).isEmpty {
                g = g.orWhere(column(name), .in, SQLBind.group(names(level).sorted()))
            }
            for key in names(.floor) {
                guard let parts = StudentFilter(floor: key).floorParts else { continue } // admits nothing
                g = g.orWhere { $0.where(column("building"), .equal, SQLBind(parts.building)).where(column("floor"), .equal, SQLBind(parts.floor)) }
            }
            for key in names(.room) {
                guard let parts = StudentFilter(room: key).roomParts else { continue } // admits nothing
                g = g.orWhere { $0.where(column("building"), .equal, SQLBind(parts.building)).where(column("room"), .equal, SQLBind(parts.room)) }
            }
            if !scope.students.isEmpty {
                g = g.orWhere(column("student_no"), .in, SQLBind.group(scope.students.sorted()))
            }
            return g
        }
    }
}
