import Foundation
import ShouhuTestSupport
import SQLKit
import Storage
import Testing

/// The connection gauges `/metrics` reports (issue 19): what is running on the database's connections and what waits.
@Suite("Database: connection usage for /metrics")
struct PoolUsageTests {
    /// Waits until `condition` holds, up to ten seconds.
    static func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<1_000 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    @Test("A write held open counts as a connection in use; on SQLite a second write queues behind it and counts as waiting; both back to zero afterwards",
          arguments: TestEngine.available)
    func heldWrite(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { db in
            #expect(db.usage.inUse == 0 && db.usage.waiting == 0)
            #expect(db.usage.capacity >= 1)
            let (gate, open) = AsyncStream<Void>.makeStream()
            let held = Task { try await db.write { _ in for await _ in gate { break } } }
            #expect(try await Self.eventually { db.usage.inUse >= 1 }, "the held write is in use: \(db.usage)")
            var second: Task<Void, any Error>?
            if engine == .sqlite {
                second = Task { try await db.write { db in try await db.raw("SELECT 1").run() } }
                #expect(try await Self.eventually { db.usage.waiting == 1 }, "the second write waits for the writer: \(db.usage)")
            }
            open.yield()
            open.finish()
            try await held.value
            try await second?.value
            #expect(try await Self.eventually { db.usage.inUse == 0 && db.usage.waiting == 0 }, "all released: \(db.usage)")
        }
    }
}
