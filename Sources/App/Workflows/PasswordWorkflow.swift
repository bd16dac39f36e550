import Storage
import Accounts
import CampusKit
import Foundation
import Roster

extension ShouhuApp {
    /// Sets the password of `username` (CONTRACT.md `shouhu user password`). A member of staff or a student on the
    /// roster who has no account yet gets one first: staff sign in with their staff number, students with their
    /// student number. The password is final: no forced change.
    public func setPassword(username: String, password: String) async throws {
        if try await accountStore.account(school: school, username: username) == nil {
            if let member = try await rosterStore.staffMember(school: school, number: username) {
                try await accountStore.upsertAccount(Account(id: UUID().uuidString.lowercased(), school: school, username: username,
                                                             displayName: member.name, kind: .staff, roles: []))
            } else if let student = try await rosterStore.student(school: school, number: username, scope: .school) {
                try await accountStore.upsertAccount(Account(id: UUID().uuidString.lowercased(), school: school, username: username,
                                                             displayName: student.name, kind: .student, roles: []))
            }
        }
        try await accounts.setPassword(school: school, username: username, password: password)
    }
}
