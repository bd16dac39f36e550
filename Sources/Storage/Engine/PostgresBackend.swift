import Logging
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL through postgres-nio's `PostgresClient` pool; each write is one transaction on one connection.
final class PostgresBackend: Sendable {
    private let client: PostgresClient
    private let runner: Task<Void, Never>

    init(host: String, port: Int, username: String, password: String?, database: String, requireTLS: Bool,
         maximumConnections: Int, logger: Logger) throws {
        let tls: PostgresClient.Configuration.TLS = requireTLS ? .require(.makeClientConfiguration()) : .disable
        var configuration = PostgresClient.Configuration(host: host, port: port, username: username, password: password,
                                                         database: database, tls: tls)
        configuration.options.maximumConnections = maximumConnections
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.runner = Task { await client.run() }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in
                try await body(connection.sql(queryLogLevel: nil))
            }
        } catch let error as PSQLError {
            throw DatabaseError.redacting(error)
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await transaction(body)
        } catch let error as PSQLError {
            throw DatabaseError.redacting(error)
        }
    }

    private func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            let db = connection.sql(queryLogLevel: nil)
            try await db.raw("BEGIN").run()
            do {
                let value = try await body(db)
                try await db.raw("COMMIT").run()
                return value
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    func close() async {
        runner.cancel()
        _ = await runner.value
    }
}

extension DatabaseError {
    /// A PostgreSQL error without what it carries of the data: postgres-nio's error holds the query with its
    /// bound values and the server's detail ("Key (id_number)=(…) already exists"), and whatever logs an error
    /// would write ID numbers and phones into the log. Kept: the SQLSTATE code, the table and the constraint.
    static func redacting(_ error: PSQLError) -> DatabaseError {
        let info = error.serverInfo
        return .server(sqlState: info?[.sqlState] ?? "\(error.code)", table: info?[.tableName], constraint: info?[.constraintName])
    }
}
