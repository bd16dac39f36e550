import Foundation

/// Sign-in attempts per client address, counted where every server of the school sees them (the database), so the
/// limit holds however many servers share the load.
public protocol SignInAttempts: Sendable {
    /// Counts one attempt by `client` at `at` on the school's sign-in in its current one-minute window (a new window when the last began a
    /// minute or more ago) and returns the window's attempts, this one included, and when the window began.
    func count(school: SchoolID, client: String, at: Date) async throws -> (attempts: Int, windowStart: Date)
}
