import Foundation

/// Runs `work` — a wait for a child process, a read of a pipe to its end — on a thread of its own and resumes when it
/// is done. Swift runs tasks on as many threads as there are cores (two here): two tests blocking those threads at
/// once stop every other test, including the ones whose progress the blocked waits depend on.
public func offTaskThreads<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
