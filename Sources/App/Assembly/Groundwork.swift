import Accounts
import Audit
import CampusKit
import Foundation
import Notifications
import Roster
import Storage

/// What every domain's service is built on: the database (and its unit of work), the clock, the settings, the audit
/// trail, and the stores other domains read (the roster) or write through (the inbox). Each domain's service is
/// assembled from it in `Domains.swift`.
struct Groundwork: Sendable {
    let config: AppConfig
    let database: Database
    let clock: any Clock
    let school: SchoolID
    let audit: AuditService
    let rosterStore: SQLRosterStore
    let notificationStore: SQLNotificationStore
    let secrets: SecretBox

    /// Migrates `database`, makes sure the school exists and seals any secret still stored in plain text.
    static func prepare(config: AppConfig, database: Database, clock: any Clock) async throws -> Groundwork {
        try await Migrator(database: database).migrate()
        let school = SchoolID.main
        let rosterStore = SQLRosterStore(database: database, clock: clock)
        try await rosterStore.ensureSchool(school, name: config.schoolName, timeZone: config.timeZone.identifier)
        let secrets = try SecretBox(key: try config.secretKey ?? SecretKeyFile.key(for: config.database))
        let audit = AuditService(store: SQLAuditStore(database: database, key: try config.resolvedAuditKey()))
        return Groundwork(config: config, database: database, clock: clock, school: school, audit: audit, rosterStore: rosterStore,
                          notificationStore: SQLNotificationStore(database: database, timeZone: config.timeZone,
                                                                                   fixedWebhooks: ShouhuApp.fixedWebhooks(config)),
                          secrets: secrets)
    }

    var timeZone: TimeZone { config.timeZone }
}
