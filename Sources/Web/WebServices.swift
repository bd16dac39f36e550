import Accounts
import CampusKit
import Foundation
import Roster

/// What the web layer needs from the rest of the app; built by the composition root.
public struct WebServices: Sendable {
    public var roster: RosterService
    public var accounts: AccountService
    public var school: SchoolID
    public var schoolName: String
    public var timeZone: TimeZone
    /// True when the database answers (`/readyz`).
    public var isReady: @Sendable () async -> Bool

    public init(roster: RosterService, accounts: AccountService, school: SchoolID, schoolName: String,
                timeZone: TimeZone, isReady: @escaping @Sendable () async -> Bool) {
        self.roster = roster
        self.accounts = accounts
        self.school = school
        self.schoolName = schoolName
        self.timeZone = timeZone
        self.isReady = isReady
    }
}
