/// A failure a domain rule reports, in words a user can act on.
///
/// Domain code never speaks HTTP; the web layer maps `kind` to a status once, in one place.
public struct DomainError: Error, Sendable, Equatable {
    /// What went wrong, in the categories every client understands.
    public enum Kind: String, Sendable, Equatable {
        /// The values are wrong (a field, or rows of a file).
        case invalid
        /// The input cannot be read at all (not JSON, not a table).
        case malformed
        /// The subject does not exist, or the caller may not know it exists.
        case notFound
        /// The request clashes with what is stored.
        case conflict
        /// The caller is known but may not do this.
        case forbidden
        /// The caller is not signed in, or the credentials are wrong.
        case unauthenticated
        /// Too many attempts; try again later.
        case rateLimited
        /// The input is larger than allowed.
        case tooLarge
        /// A dependency (the database) is not answering.
        case unavailable
    }

    public var kind: Kind
    /// One sentence for the person who sent the request.
    public var message: String
    /// Field-level problems, for JSON bodies.
    public var fieldErrors: [FieldError]
    /// Row-level problems, for imported files.
    public var rowErrors: [RowError]

    public init(_ kind: Kind, _ message: String, fieldErrors: [FieldError] = [], rowErrors: [RowError] = []) {
        self.kind = kind
        self.message = message
        self.fieldErrors = fieldErrors
        self.rowErrors = rowErrors
    }

    public static func invalid(_ message: String, field: String) -> DomainError {
        DomainError(.invalid, message, fieldErrors: [FieldError(field: field, message: message)])
    }

    public static func notFound(_ message: String) -> DomainError { DomainError(.notFound, message) }
    public static func forbidden(_ message: String) -> DomainError { DomainError(.forbidden, message) }
    public static func conflict(_ message: String) -> DomainError { DomainError(.conflict, message) }
}

/// A problem with one field of a request body.
public struct FieldError: Sendable, Equatable, Codable {
    public var field: String
    public var message: String
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// A problem with one cell (or a whole row, when `column` is nil) of an imported file.
/// Rows are numbered as a spreadsheet shows them: the header is row 1.
public struct RowError: Sendable, Equatable, Codable {
    public var row: Int
    public var column: String?
    public var message: String
    public init(row: Int, column: String?, message: String) {
        self.row = row
        self.column = column
        self.message = message
    }
}
