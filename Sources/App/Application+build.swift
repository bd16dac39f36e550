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
        if config.demo {
            announce("正在准备示范学院… (preparing the demo college on an empty database; this takes a few seconds)")
            let accounts = try await app.loadDemoIfEmpty { part, seconds in
                announce(String(format: "  %@ (%@) %.1f s", part.words.zh, part.words.en, seconds))
            }
            if !accounts.isEmpty {
                announce("已载入示范学院 (demo college loaded). 演示账号 / demo accounts:")
                for a in accounts { announce("  \(a.username) / \(a.password)  — \(a.note)") }
                if config.adminPassword != nil { announce("  admin / (SHOUHU_ADMIN_PASSWORD)") }
            }
        }
        let router = try await Routes.build(services: app)
        var application = Application(
            router: router,
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "shouhu"),
            logger: logger)
        application.addServices(DatabaseCloser(database: database))
        // Added after the closer, so it stops first and no job touches a closed database.
        application.addServices(JobScheduler(app: app, interval: .seconds(30), logger: logger))
        application.addServices(OutboxDispatch(app: app, interval: .seconds(2), logger: logger))
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
