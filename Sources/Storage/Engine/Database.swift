import Audit
import CampusKit
import Logging
import NIOConcurrencyHelpers
import PostgresKit
import SQLiteKit
import PostgresNIO
import SQLKit

/// The one door to the data, for both engines, and the unit of work that work crossing domains runs in.
///
/// `read` runs queries on a reader; `write` runs a transaction and returns only after it is durable.
/// On SQLite every write goes through one writer connection that commits concurrent transactions in batches
/// (group commit); on PostgreSQL each write is a transaction on a pooled connection.
public final class Database: Sendable {
    /// Which engine is behind the door; dialect differences branch on this, in as few places as possible.
    public enum Engine: String, Sendable { case sqlite, postgres }

    public let engine: Engine
    private let backend: Backend
    /// Students looked up by number for the whole school, shared by every roster store on this database so an import
    /// through any of them empties it.
    let studentsByNumber = StudentCache()

    private enum Backend: Sendable {
        case sqlite(SQLiteBackend)
        case postgres(PostgresBackend)
    }

    private init(engine: Engine, backend: Backend) {
        self.engine = engine
        self.backend = backend
    }

    /// Opens (and for SQLite creates) the database. Does not migrate; see `Migrator`.
    /// `maximumConnections` bounds a PostgreSQL pool (SQLite has one writer and its readers whatever it says).
    /// `connectionWait`: how long a PostgreSQL request waits for a connection before `Unavailable` (a 503); nil
    /// waits as long as it takes (the tools and the tests; the server sets `SHOUHU_DATABASE_WAIT_SECONDS`).
    public static func open(_ url: DatabaseURL, logger: Logger = Logger(label: "shouhu.db"),
                            maximumConnections: Int = 16, connectionWait: Duration? = nil) async throws -> Database {
        switch url {
        case .sqliteFile(let path):
            return Database(engine: .sqlite, backend: .sqlite(try await SQLiteBackend.open(path: path, logger: logger)))
        case .sqliteMemory:
            return Database(engine: .sqlite, backend: .sqlite(try await SQLiteBackend.open(path: nil, logger: logger)))
        case .postgres(let host, let port, let username, let password, let database, let requireTLS):
            let backend = try PostgresBackend(host: host, port: port, username: username, password: password,
                                              database: database, requireTLS: requireTLS,
                                              maximumConnections: maximumConnections, leaseWait: connectionWait, logger: logger)
            return Database(engine: .postgres, backend: .postgres(backend))
        }
    }

    /// The transaction the running task is inside of (`write` sets it for its body), so that stores called from a
    /// unit of work join it instead of opening their own.
    private final class OpenTransaction: Sendable {
        let database: ObjectIdentifier
        let connection: any SQLDatabase
        let depth: Int
        init(database: ObjectIdentifier, connection: any SQLDatabase, depth: Int) {
            self.database = database
            self.connection = connection
            self.depth = depth
        }
    }

    @TaskLocal private static var open: OpenTransaction?

    /// The transaction of this database the running task is inside of, if any.
    private var joined: OpenTransaction? {
        guard let open = Self.open, open.database == ObjectIdentifier(self) else { return nil }
        return open
    }

    /// How busy the connections are now (for `/metrics`).
    public var usage: PoolUsage {
        switch backend {
        case .sqlite(let b): b.usage
        case .postgres(let b): b.usage
        }
    }

    /// True inside a `write` (or a unit of work) on this database: writes made now join its transaction.
    public var inTransaction: Bool { joined != nil }

    /// Runs read-only queries. On SQLite files they see the last committed state; inside a transaction of this
    /// database they run on its connection and see its changes.
    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        if let open = joined { return try await body(open.connection) }
        do {
            switch backend {
            case .sqlite(let b): return try await b.read(body)
            case .postgres(let b): return try await b.read(body)
            }
        } catch let error as SQLiteError {
            throw Self.classifying(error)
        }
    }

    /// On PostgreSQL outside a transaction: `body` on a pooled connection, where statements can be prepared once and
    /// planned once (the hot reads: a gate decision). Nil on SQLite or inside a transaction, where `read` is the way.
    func readPostgresConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T? {
        guard joined == nil, case .postgres(let b) = backend else { return nil }
        return try await b.readConnection(body)
    }

    /// Runs `body` as one transaction: all of it is stored, or (if it throws) none of it.
    ///
    /// Inside a transaction of this database already (a unit of work), `body` joins it within a savepoint: if it
    /// throws, its own changes are undone and the error passes to the caller, as a transaction of its own would;
    /// if it returns, its changes commit with the enclosing transaction.
    ///
    /// Audit entries pending in the task's `AuditBatch` for this database's trail are appended in the same
    /// transaction, after `body` and before COMMIT, so the action and its entry are stored together or not at all.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        // Captured here, at submission: on SQLite the body runs on the group-commit writer's task, not this one.
        try await write(auditing: AuditBatch.current.map { [$0] } ?? [], body)
    }

    /// `write(_:)` carrying the audit batches of several callers whose work shares one transaction (each captured
    /// by its caller when it submitted the work).
    public func write<T: Sendable>(auditing batches: [AuditBatch],
                                   _ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        if let open = joined { return try await nested(in: open, auditing: batches, body) }
        let trails = auditTrails(batches)
        guard !trails.isEmpty else { return try await run(body) }
        let claimed = NIOLockedValueBox<[(AuditBatch, [AuditEntry])]>([])
        do {
            return try await run { db in
                let value = try await body(db)
                try await Self.append(trails, on: db) { batch, entries in claimed.withLockedValue { $0.append((batch, entries)) } }
                return value
            }
        } catch {
            // Not committed: the entries wait for a later write, or are dropped with the failed action.
            for (batch, entries) in claimed.withLockedValue({ $0 }) { batch.restore(entries) }
            throw error
        }
    }

    /// The batches whose log keeps its trail in this database, with that trail's store.
    private func auditTrails(_ batches: [AuditBatch]) -> [(AuditBatch, SQLAuditStore)] {
        batches.compactMap { batch in
            guard let store = (batch.log as? AuditService)?.store as? SQLAuditStore, store.database === self else { return nil }
            return (batch, store)
        }
    }

    /// Claims the pending entries of `trails` and appends them on `db`, all of a store's in one append (one read of the
    /// chain's end and one seal of its head for a whole batch of check-ins, instead of one each); `claimed` hears of
    /// each claim, so a rollback can give the entries back.
    private static func append(_ trails: [(AuditBatch, SQLAuditStore)], on db: any SQLDatabase,
                               claimed: (AuditBatch, [AuditEntry]) -> Void) async throws {
        var byStore: [(store: SQLAuditStore, entries: [AuditEntry])] = []
        for (batch, store) in trails {
            let entries = batch.claim()
            claimed(batch, entries)
            guard !entries.isEmpty else { continue }
            if let i = byStore.firstIndex(where: { $0.store.key == store.key }) { byStore[i].entries += entries } else { byStore.append((store, entries)) }
        }
        for (store, entries) in byStore { _ = try await store.append(entries, on: db) }
    }

    private func run<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let id = ObjectIdentifier(self)
        // The body may run on another task (SQLite's writer): the open transaction is bound there, around it.
        let bound: @Sendable (any SQLDatabase) async throws -> T = { db in
            try await Self.$open.withValue(OpenTransaction(database: id, connection: db, depth: 0)) { try await body(db) }
        }
        do {
            switch backend {
            case .sqlite(let b): return try await b.write(bound)
            case .postgres(let b): return try await b.write(bound)
            }
        } catch let error as SQLiteError {
            throw Self.classifying(error)
        }
    }

    /// SQLite out of disk space or unable to write its files as `Unavailable` (the transaction was rolled back, the
    /// file is intact; it can be tried again once there is room); other errors as they are.
    static func classifying(_ error: SQLiteError) -> any Error {
        switch error.reason {
        case .full: Unavailable("SQLite: the disk is full")
        case .ioError: Unavailable("SQLite: \(error.reason)")
        default: error
        }
    }

    /// A write inside the running transaction, in a savepoint; its audit entries are appended before it is released.
    private func nested<T: Sendable>(in open: OpenTransaction, auditing batches: [AuditBatch],
                                     _ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let db = open.connection
        let savepoint = "nested_\(open.depth + 1)"
        try await db.raw("SAVEPOINT \(unsafeRaw: savepoint)").run()
        do {
            let inner = OpenTransaction(database: open.database, connection: db, depth: open.depth + 1)
            let value = try await Self.$open.withValue(inner) { try await body(db) }
            try await Self.append(auditTrails(batches), on: db) { _, _ in }
            try await db.raw("RELEASE SAVEPOINT \(unsafeRaw: savepoint)").run()
            return value
        } catch {
            try? await db.raw("ROLLBACK TO SAVEPOINT \(unsafeRaw: savepoint)").run()
            try? await db.raw("RELEASE SAVEPOINT \(unsafeRaw: savepoint)").run()
            throw error
        }
    }

    /// Brings the planner's statistics up to date after a bulk load (PostgreSQL's autovacuum analyses later; until
    /// then investigations on a freshly loaded demo planned scans and took three times as long). SQLite: nothing.
    public func refreshStatistics() async throws {
        guard engine == .postgres else { return }
        try await read { db in try await db.raw("ANALYZE").run() }
    }

    /// True when the database answers a trivial query.
    /// Whether the database answers within `seconds` (a server starting against one that is down stops with a clear
    /// message instead of waiting for ever). A probe still waiting when the time is up is left to finish on its own.
    public func reachable(within seconds: Double) async -> Bool {
        let answer = NIOLockedValueBox<CheckedContinuation<Bool, Never>?>(nil)
        return await withCheckedContinuation { continuation in
            answer.withLockedValue { $0 = continuation }
            @Sendable func finish(_ value: Bool) {
                answer.withLockedValue { pending in
                    pending?.resume(returning: value)
                    pending = nil
                }
            }
            Task {
                while answer.withLockedValue({ $0 != nil }) {
                    if await self.isReady() { return finish(true) }
                    try? await Task.sleep(for: .milliseconds(250))
                }
            }
            Task {
                try? await Task.sleep(for: .seconds(seconds))
                finish(false)
            }
        }
    }

    public func isReady() async -> Bool {
        do {
            return try await read { db in try await db.raw("SELECT 1 AS one").first() != nil }
        } catch {
            return false
        }
    }

    /// Closes every connection. Call once, after the server has stopped.
    public func close() async {
        switch backend {
        case .sqlite(let b): await b.close()
        case .postgres(let b): await b.close()
        }
    }
}

extension Database: UnitOfWork {
    /// One transaction around `body`: the stores `body` calls on this database join it (see `write`).
    public func perform<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await write { _ in try await body() }
    }
}
