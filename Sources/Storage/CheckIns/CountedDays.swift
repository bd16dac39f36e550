import CampusKit
import CheckIns
import Foundation
import SQLKit

/// Writes `CountedDay`s into `checkin_days`, the one counted row per student and day. What counts is the domain's
/// rule (`CountedDay.merging`); the upsert applies the same rule against the row already stored, inside the
/// statement, so concurrent writers on PostgreSQL cannot interleave a read and a write.
enum CountedDays {
    /// The students' units and status are copied in from `students`; a student unknown there is skipped.
    static func upsert(_ days: [CountedDay], school: SchoolID, db: any SQLDatabase) async throws {
        for chunk in days.chunked(400) {
            var values = SQLQueryString("")
            for (i, d) in chunk.enumerated() {
                if i > 0 { values.appendInterpolation(unsafeRaw: ", ") }
                values.appendInterpolation(unsafeRaw: "(")
                values.appendInterpolation(SQLList([SQLBind(school.rawValue), SQLBind(d.checkIn.day.description), SQLBind(d.checkIn.studentNo),
                                                    SQLBind(d.checkIn.id), SQLBind(d.checkIn.abnormal ? 1 : 0), SQLBind(d.late ? 1 : 0),
                                                    SQLBind(Instant.format(d.checkIn.submittedAt))]))
                values.appendInterpolation(unsafeRaw: ")")
            }
            // VALUES columns are column1… on both engines. `merging`: the later submission replaces the stored one
            // (ties to the newcomer), and the day is on time when either was — also when the earlier one arrives last.
            // SET expressions read the stored row's values.
            try await db.raw("""
                INSERT INTO checkin_days (school_id, day, student_no, checkin_id, abnormal, late, submitted_at,
                                          status, campus, building, floor, room, college, class_name)
                SELECT v.column1, v.column2, v.column3, v.column4, v.column5, v.column6, v.column7,
                       s.status, s.campus, s.building, s.floor, s.room, s.college, s.class_name
                FROM (VALUES \(values)) AS v JOIN students s ON s.school_id = v.column1 AND s.student_no = v.column3
                WHERE true
                ON CONFLICT (school_id, day, student_no) DO UPDATE SET
                    checkin_id = CASE WHEN checkin_days.submitted_at <= excluded.submitted_at THEN excluded.checkin_id ELSE checkin_days.checkin_id END,
                    abnormal = CASE WHEN checkin_days.submitted_at <= excluded.submitted_at THEN excluded.abnormal ELSE checkin_days.abnormal END,
                    submitted_at = CASE WHEN checkin_days.submitted_at <= excluded.submitted_at THEN excluded.submitted_at ELSE checkin_days.submitted_at END,
                    late = CASE WHEN checkin_days.late = 0 OR excluded.late = 0 THEN 0 ELSE 1 END
                """).run()
        }
    }
}
