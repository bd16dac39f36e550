import SQLKit

/// Rows written as SQL literals instead of binds, for bulk loads of generated data (the demo college's 600,000 gate
/// events): encoding a bind costs more than the insert itself. Text is quoted with embedded quotes doubled, which is
/// exact on SQLite and on PostgreSQL (standard-conforming strings); a NUL character, which neither accepts, is dropped.
enum LiteralRows {
    /// One cell of a literal row.
    enum Cell {
        case int(Int)
        case text(String)
        case null
    }

    /// `INSERT INTO table (columns) VALUES (...), (...) ON CONFLICT DO NOTHING`, `rows` at a time.
    static func insert(into table: String, columns: [String], rows: [[Cell]], chunk: Int = 2000, db: any SQLDatabase) async throws {
        for start in stride(from: 0, to: rows.count, by: chunk) {
            var sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
            sql.reserveCapacity(chunk * 120)
            for (i, row) in rows[start..<min(start + chunk, rows.count)].enumerated() {
                if i > 0 { sql += ", " }
                sql += "("
                for (j, cell) in row.enumerated() {
                    if j > 0 { sql += ", " }
                    switch cell {
                    case .int(let n): sql += String(n)
                    case .null: sql += "NULL"
                    case .text(let t):
                        sql += "'"
                        for ch in t.unicodeScalars where ch != "\0" {
                            if ch == "'" { sql += "''" } else { sql.unicodeScalars.append(ch) }
                        }
                        sql += "'"
                    }
                }
                sql += ")"
            }
            sql += " ON CONFLICT DO NOTHING"
            try await db.execute(sql: SQLRaw(sql)) { _ in }
        }
    }
}
