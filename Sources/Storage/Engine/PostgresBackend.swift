import CampusKit
import Logging
import NIOConcurrencyHelpers
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL through postgres-nio's `PostgresClient` pool; each write is one transaction on one connection.
final class PostgresBackend: Sendable {
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    /// How long a request waits for a connection before it is answered 503 (the pool keeps trying to reconnect
    /// meanwhile, so the next request after the database is back goes through). Long enough for a busy pool.
    private let leaseWait: Duration?
    private let counter = PoolCounter()
    private let maximumConnections: Int

    init(host: String, port: Int, username: String, password: String?, database: String, requireTLS: Bool,
         maximumConnections: Int, leaseWait: Duration?, logger: Logger) throws {
        self.leaseWait = leaseWait
        self.maximumConnections = maximumConnections
        let tls: PostgresClient.Configuration.TLS = requireTLS ? .require(.makeClientConfiguration()) : .disable
        var configuration = PostgresClient.Configuration(host: host, port: port, username: username, password: password,
                                                         database: database, tls: tls)
        configuration.options.maximumConnections = maximumConnections
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.runner = Task { await client.run() }
    }

    /// Runs `body` on a pooled connection; `Unavailable` when none is to be had within `leaseWait` (the database is
    /// down or unreachable) instead of waiting for as long as it takes. The wait ends at the lease: a long query is
    /// never cut.
    private func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let client = self.client, counter = self.counter
        let leased = NIOLockedValueBox(false)
        counter.waited()
        defer { if !leased.withLockedValue({ $0 }) { counter.gaveUp() } }
        let counted: @Sendable (PostgresConnection) async throws -> T = { connection in
            leased.withLockedValue { $0 = true }
            counter.leased()
            defer { counter.released() }
            return try await body(connection)
        }
        guard let wait = leaseWait else { return try await client.withConnection(counted) }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await client.withConnection(counted)
            }
            group.addTask {
                try await Task.sleep(for: wait)
                if !leased.withLockedValue({ $0 }) { throw Unavailable("PostgreSQL: no connection within \(wait)") }
                return nil
            }
            while let next = try await group.next() {
                if let value = next {
                    group.cancelAll()
                    return value
                }
            }
            throw Unavailable("PostgreSQL: no answer")
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await withConnection { connection in
                try await body(connection.sql(queryLogLevel: nil))
            }
        } catch let error as PSQLError {
            throw DatabaseError.classifying(error)
        }
    }

    /// A read on the pooled connection itself, for statements prepared once per connection (`PostgresPreparedStatement`).
    func readConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await withConnection(body)
        } catch let error as PSQLError {
            throw DatabaseError.classifying(error)
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await transaction(body)
        } catch let error as PSQLError {
            throw DatabaseError.classifying(error)
        }
    }

    private func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await withConnection { connection in
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

    var usage: PoolUsage {
        let now = counter.current
        return PoolUsage(inUse: now.inUse, waiting: now.waiting, capacity: maximumConnections)
    }

    func close() async {
        runner.cancel()
        _ = await runner.value
    }
}

extension DatabaseError {
    /// A lost or refused connection (the server down, restarting, unreachable, out of connections) as `Unavailable`
    /// — the request may be tried again; anything else redacted (`redacting(_:)`).
    static func classifying(_ error: PSQLError) -> any Error {
        if [.connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed].contains(error.code) {
            return Unavailable("PostgreSQL: \(error.code)")
        }
        // 08xxx connection exceptions; 57P01–57P03: shutting down, crashed, not accepting connections yet;
        // 53300: too many connections.
        if let state = error.serverInfo?[.sqlState], state.hasPrefix("08") || ["57P01", "57P02", "57P03", "53300"].contains(state) {
            return Unavailable("PostgreSQL: SQLSTATE \(state)")
        }
        return redacting(error)
    }

    /// A PostgreSQL error without what it carries of the data: postgres-nio's error holds the query with its
    /// bound values and the server's detail ("Key (id_number)=(…) already exists"), and whatever logs an error
    /// would write ID numbers and phones into the log. Kept: the SQLSTATE code, the table and the constraint.
    static func redacting(_ error: PSQLError) -> DatabaseError {
        let info = error.serverInfo
        return .server(sqlState: info?[.sqlState] ?? "\(error.code)", table: info?[.tableName], constraint: info?[.constraintName])
    }
}
