import Accounts
import CampusKit
import Roster

extension ShouhuApp {
    /// Issues first credentials for the students matching `filter` that the actor may see (Roster decides the
    /// scope, Accounts the credentials): what a counsellor prints for a class at the start of term.
    public func issueActivationCodes(matching filter: StudentFilter, by actor: Actor) async throws -> [InitialCredential] {
        var students: [(number: String, name: String)] = []
        var cursor: String?
        repeat {
            let page = try await roster.students(matching: filter, page: PageRequest(limit: 1000, after: cursor), by: actor)
            students += page.items.filter { $0.status != .suspended }.map { ($0.studentNo, $0.name) }
            cursor = page.next
        } while cursor != nil
        return try await accounts.issueActivationCodes(for: students, by: actor)
    }
}
