import DemoCollege
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Storage
import Web

/// Builds the server: opens and migrates the database, loads the demo college when asked, and returns an
/// application whose services close the database after the server stops.
public func buildApplication(config: AppConfig, logger: Logger = Logger(label: "shouhu"),
                             announce: @escaping @Sendable (String) -> Void = { print($0) }) async throws -> some ApplicationProtocol {
    Allocator.limitArenas()
    let database = try await Database.open(config.database, logger: logger, connectionWait: .seconds(config.databaseWait))
    do {
        guard await database.reachable(within: config.databaseWait) else {
            throw ConfigError("无法连接数据库 \(config.database.shown)（已等待 \(Int(config.databaseWait)) 秒）；请检查数据库是否在运行、地址和密码是否正确 "
                + "(cannot reach the database \(config.database.shown) within \(Int(config.databaseWait)) s: is it running, are the address and password right?)")
        }
        let (app, generated) = try await ShouhuApp.start(config: config, database: database)
        if let generated {
            announce("已创建管理员账号 admin，初始密码（只显示这一次）: \(generated)\nCreated account admin with password (shown once): \(generated)")
        }
        // The demo's roster and accounts are loaded before the server answers (seconds); its history after, in the
        // background, with a line on every page until it is complete.
        var history: (@Sendable () async -> Void)?
        if config.demo {
            let say: @Sendable (DemoPart, Double) -> Void = { part, seconds in
                announce(String(format: "  %@ (%@) %.1f s", part.words.zh, part.words.en, seconds))
            }
            announce("正在检查数据库；库为空时载入示范学院… (checking the database; an empty one gets the demo college)")
            if let accounts = try await app.loadDemoRosterIfEmpty(progress: say) {
                announce("已载入示范学院名册 (demo roster loaded). 演示账号 / demo accounts:")
                for a in accounts { announce("  \(a.username) / \(a.password)  — \(a.note)") }
                if config.adminPassword != nil { announce("  admin / (SHOUHU_ADMIN_PASSWORD)") }
                announce("历史数据在后台载入，页面上会显示进度 (the history loads in the background; pages say so until it is done)")
                app.site.background.set(DemoPart.checkIns.loading(done: 0))
                history = {
                    do {
                        try await app.loadDemoHistory(progress: say)
                        announce("示范学院的历史数据已全部载入 (the demo history is complete)")
                    } catch {
                        announce("示范学院的历史数据没有载入完整 (the demo history did not load completely): \(error)")
                    }
                }
            } else if try await app.demoHistoryCutShort() {
                app.site.background.set(.incomplete)
                announce("示范学院的历史数据上次没有载入完整；要完整的示范，请删除数据库文件后重新运行 (the demo history was cut short last time; "
                    + "delete the database file and start again for the whole demo)")
            } else {
                announce("数据库中已有名册，沿用现有数据，不再载入示范学院 (the database already holds a roster; it is used as it is)")
            }
        }
        let router = try await Routes.build(services: app)
        var application = Application(
            router: router,
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "shouhu"),
            logger: logger)
        application.addServices(DatabaseCloser(database: database))
        // Added after the closer, so it stops first and no job touches a closed database.
        // The demo's history loads first in the same service, so no job sees a half-loaded day (reminders to the
        // whole college, say).
        application.addServices(JobScheduler(app: app, interval: .seconds(30), logger: logger, prelude: history))
        application.addServices(OutboxDispatch(app: app, interval: .seconds(2), logger: logger))
        application.addServices(AllocatorTrim(interval: .seconds(10)))
        announce("守护 Shouhu 已启动 (listening): http://\(config.host):\(config.port)")
        return application
    } catch {
        await database.close()
        throw error
    }
}

/// Closes the database once the server has shut down (design/PITFALLS.md: unclosed SQLite connections crash debug builds).
struct DatabaseCloser: Service {
    let database: Database
    func run() async throws {
        try? await gracefulShutdown()
        await database.close()
    }
}
