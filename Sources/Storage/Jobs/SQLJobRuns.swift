import CampusKit
import Foundation
import SQLKit

/// Claims of scheduled job slots ("the 08:00 reminder of 2026-11-27"): the first server to claim a slot runs it,
/// every other server (and every later tick) sees it taken. The claim is a row under a primary key, so it holds
/// on both engines and across restarts.
public struct SQLJobRuns: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// True when this caller won the slot.
    public func claim(school: SchoolID, job: String, slot: String, at: Date) async throws -> Bool {
        try await database.write { db in
            try await db.raw("""
                INSERT INTO job_runs (school_id, job, slot, ran_at, detail) VALUES (\(bind: school.rawValue), \(bind: job), \(bind: slot), \(bind: Instant.format(at)), '')
                ON CONFLICT DO NOTHING RETURNING slot
                """).all().isEmpty == false
        }
    }

    /// Records what a run did.
    public func finish(school: SchoolID, job: String, slot: String, detail: String) async throws {
        try await database.write { db in
            try await db.update("job_runs").set("detail", to: detail).where("school_id", .equal, school.rawValue)
                .where("job", .equal, job).where("slot", .equal, slot).run()
        }
    }

    /// Gives a slot back after its run failed, so the next tick tries again.
    public func release(school: SchoolID, job: String, slot: String) async throws {
        try await database.write { db in
            try await db.delete(from: "job_runs").where("school_id", .equal, school.rawValue)
                .where("job", .equal, job).where("slot", .equal, slot).run()
        }
    }

    /// True when the slot has been claimed (and not given back).
    public func ran(school: SchoolID, job: String, slot: String) async throws -> Bool {
        try await database.read { db in
            try await db.select().column("slot").from("job_runs").where("school_id", .equal, school.rawValue)
                .where("job", .equal, job).where("slot", .equal, slot).first() != nil
        }
    }
}
