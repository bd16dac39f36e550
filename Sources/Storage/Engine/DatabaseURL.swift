import Foundation

/// Where the data lives, as given by `--database` / `SHOUHU_DATABASE_URL`:
/// `sqlite:PATH`, `sqlite::memory:` or `postgres://user:pass@host:port/db`.
public enum DatabaseURL: Sendable, Equatable {
    case sqliteFile(path: String)
    case sqliteMemory
    case postgres(host: String, port: Int, username: String, password: String?, database: String, requireTLS: Bool)

    /// The default of `swift run shouhu serve`: `shouhu.sqlite` in the working directory.
    public static let defaultValue = DatabaseURL.sqliteFile(path: "shouhu.sqlite")

    /// Parses a database URL; throws a message naming what is wrong.
    public init(_ text: String) throws {
        if text == "sqlite::memory:" {
            self = .sqliteMemory
        } else if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else { throw DatabaseError.badURL("sqlite: needs a file path, e.g. sqlite:shouhu.sqlite") }
            self = .sqliteFile(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            guard let c = URLComponents(string: text), let host = c.host, !host.isEmpty else {
                throw DatabaseError.badURL("cannot read the PostgreSQL URL; expected postgres://user:pass@host:port/db")
            }
            let database = String(c.path.drop(while: { $0 == "/" }))
            guard let user = c.user, !database.isEmpty else {
                throw DatabaseError.badURL("the PostgreSQL URL needs a user and a database name")
            }
            let sslmode = c.queryItems?.first(where: { $0.name == "sslmode" })?.value
            self = .postgres(host: host, port: c.port ?? 5432, username: user.removingPercentEncoding ?? user,
                             password: c.password?.removingPercentEncoding, database: database,
                             requireTLS: sslmode == "require" || sslmode == "verify-full")
        } else {
            throw DatabaseError.badURL("unknown database URL “\(text)”; use sqlite:PATH, sqlite::memory: or postgres://…")
        }
    }

    /// The URL as it may be printed: without the password.
    public var shown: String {
        switch self {
        case .sqliteFile(let path): "sqlite:\(path)"
        case .sqliteMemory: "sqlite::memory:"
        case .postgres(let host, let port, let username, _, let database, _): "postgres://\(username)@\(host):\(port)/\(database)"
        }
    }
}

/// Failures of the storage layer itself (not of the data).
public enum DatabaseError: Error, CustomStringConvertible, Sendable {
    case badURL(String)
    case closed
    /// The database refused a statement; see `redacting(_:)` for what is kept.
    case server(sqlState: String, table: String?, constraint: String?)

    public var description: String {
        switch self {
        case .badURL(let m): m
        case .closed: "the database is closed"
        case .server(let state, let table, let constraint):
            "PostgreSQL error \(state)" + (table.map { " on \($0)" } ?? "") + (constraint.map { " (\($0))" } ?? "")
        }
    }
}
