import CampusKit
import Foundation
import SQLKit

/// `SignInAttempts` in the `signin_attempts` table: one row per client address, advanced by a single upsert, so two
/// servers counting the same address at once both see the other's attempt (the row is locked by the upsert).
public struct SQLSignInAttempts: SignInAttempts {
    let database: Database

    public init(database: Database) { self.database = database }

    public func count(school: SchoolID, client: String, at: Date, window: TimeInterval) async throws -> (attempts: Int, windowStart: Date) {
        struct Row: Decodable { var window_start_ms: Int; var attempts: Int }
        let now = Millis.of(at), expired = now - Int(window * 1000)
        let row = try await database.write { db in
            // Now and then, addresses not seen for an hour are forgotten.
            if now % 97 == 0 { try await db.raw("DELETE FROM signin_attempts WHERE window_start_ms < \(bind: now - 3_600_000)").run() }
            return try await db.raw("""
                INSERT INTO signin_attempts (school_id, client, window_start_ms, attempts) VALUES (\(bind: school.rawValue), \(bind: client), \(bind: now), 1)
                ON CONFLICT (school_id, client) DO UPDATE SET
                  window_start_ms = CASE WHEN signin_attempts.window_start_ms <= \(bind: expired) THEN \(bind: now) ELSE signin_attempts.window_start_ms END,
                  attempts = CASE WHEN signin_attempts.window_start_ms <= \(bind: expired) THEN 1 ELSE signin_attempts.attempts + 1 END
                RETURNING window_start_ms, attempts
                """).first(decoding: Row.self)
        }
        guard let row else { return (1, at) }
        return (row.attempts, Millis.date(row.window_start_ms))
    }
}
