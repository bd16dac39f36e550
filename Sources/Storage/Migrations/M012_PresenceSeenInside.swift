import SQLKit

/// One definition of "on campus": a student is inside once any point within the campus (a building door, a canteen,
/// a library…) has seen them after their last exit through a gate — not only a dormitory door. `inside_at_ms` is the
/// newest such passage, filled in from the events already stored.
struct M012_PresenceSeenInside: Migration {
    let name = "M012_PresenceSeenInside"

    func prepare(on db: any SQLDatabase, engine: Database.Engine) async throws {
        try await db.raw("ALTER TABLE presence ADD COLUMN inside_at_ms BIGINT").run()
        try await db.raw("""
            UPDATE presence SET inside_at_ms = (
                SELECT MAX(e.at_ms) FROM access_events e
                WHERE e.school_id = presence.school_id AND e.student_no = presence.student_no
                  AND e.granted = 1 AND e.kind <> 'campus_gate')
            """).run()
        // Students seen only inside have no presence row yet.
        try await db.raw("""
            INSERT INTO presence (school_id, student_no, inside_at_ms)
            SELECT e.school_id, e.student_no, MAX(e.at_ms) FROM access_events e
            WHERE e.granted = 1 AND e.kind <> 'campus_gate'
              AND NOT EXISTS (SELECT 1 FROM presence p WHERE p.school_id = e.school_id AND p.student_no = e.student_no)
            GROUP BY e.school_id, e.student_no
            """).run()
    }
}
