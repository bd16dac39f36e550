/// One transaction that work crossing domains runs in: every store write made inside `perform` (by any domain's
/// store on the same database) commits together with the others, or — if `body` throws — none of them does.
///
/// Workflows (`App/Workflows`) open it; domain services only receive it. Stores join the running unit of work by
/// themselves, so a workflow calls the same narrow writer methods it would call outside one. Keep a unit of work
/// short and on the database: it holds the writer (SQLite) or a connection (PostgreSQL) while it runs, so nothing
/// slow (hashing, network) belongs inside, and nothing inside may start work on another task that writes.
public protocol UnitOfWork: Sendable {
    func perform<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T
}
