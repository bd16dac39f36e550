import Foundation

/// Audit entries waiting for the database write they accompany, so the entry and the action commit together
/// (or neither does).
///
/// `AuditLog.recording(_:_:)` binds a batch to the running task; the first transaction the task commits on the
/// log's own database claims the entries and appends them before its COMMIT. A batch is claimed at most once;
/// if that transaction rolls back, the entries are restored for a later write. Entries no write claimed are
/// recorded by the log after the body returns and before its result is handed back (a read with no write).
public final class AuditBatch: @unchecked Sendable {
    /// The batch of the running task, if any. Capture it when submitting work to another task.
    @TaskLocal public static var current: AuditBatch?

    /// The log the entries are meant for; a database appends them only when it holds this log's trail.
    public let log: any AuditLog
    /// The batch this one was opened inside of, whose entries go with the same write.
    public let parent: AuditBatch?
    private let lock = NSLock()
    private var pending: [AuditEntry]

    public init(log: any AuditLog, entries: [AuditEntry], parent: AuditBatch? = nil) {
        self.log = log
        self.pending = entries
        self.parent = parent
    }

    /// Takes the entries not yet claimed by a write (this batch's, then its parents'); the caller appends them
    /// in its transaction and gives them back with `restore` if that transaction does not commit.
    public func claim() -> [AuditEntry] {
        let own = lock.withLock { () -> [AuditEntry] in
            defer { pending = [] }
            return pending
        }
        return (parent?.claim() ?? []) + own
    }

    /// Gives back entries claimed by a transaction that did not commit.
    public func restore(_ entries: [AuditEntry]) {
        guard !entries.isEmpty else { return }
        lock.withLock { pending = entries + pending }
    }
}

extension AuditLog {
    /// Runs `body` with `entries` pending: they are stored in the same transaction as the first database write
    /// `body` commits, or — if it writes nothing — after it returns and before its result is returned, so data is
    /// never handed out without its audit entry. If `body` throws, entries that no committed write claimed are
    /// dropped: a failed action leaves no entry.
    public func recording<T: Sendable>(_ entries: [AuditEntry], _ body: () async throws -> T) async throws -> T {
        let batch = AuditBatch(log: self, entries: entries, parent: AuditBatch.current)
        let value = try await AuditBatch.$current.withValue(batch) { try await body() }
        let rest = batch.claim()
        if !rest.isEmpty { try await record(rest) }
        return value
    }

    /// `recording([entry], body)`.
    public func recording<T: Sendable>(_ entry: AuditEntry, _ body: () async throws -> T) async throws -> T {
        try await recording([entry], body)
    }
}
