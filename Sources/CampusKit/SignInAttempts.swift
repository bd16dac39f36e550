import Foundation

/// Sign-in attempts per client address, counted where every server of the school sees them (the database), so the
/// limit holds however many servers share the load.
public protocol SignInAttempts: Sendable {
    /// Counts one attempt by `client` at `at` on the school's sign-in in the client's current window (a new window
    /// when the last began `window` or longer ago) and returns the window's attempts, this one included, and when the
    /// window began.
    func count(school: SchoolID, client: String, at: Date, window: TimeInterval) async throws -> (attempts: Int, windowStart: Date)
}
