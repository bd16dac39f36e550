import Foundation
import ShouhuTestSupport
import SQLKit
import Storage
import Testing

@Suite("Database: errors keep no personal data")
struct ErrorRedactionTests {
    @Test("A refused statement's error names the table and constraint but not the values it was bound to", arguments: TestEngine.available)
    func violationCarriesNoValues(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await database.write { db in
                try await db.create(table: "people").column("id_number", type: .text, .primaryKey(autoIncrement: false)).run()
            }
            let idNumber = "11010519491231002X"
            try await database.write { db in try await db.insert(into: "people").columns("id_number").values(SQLBind(idNumber)).run() }
            do {
                try await database.write { db in try await db.insert(into: "people").columns("id_number").values(SQLBind(idNumber)).run() }
                Issue.record("a duplicate key was accepted")
            } catch {
                let logged = String(reflecting: error) + " " + String(describing: error)
                #expect(!logged.contains(idNumber))
                #expect(!logged.contains("1101051949"))
                if engine == .postgres { #expect(logged.contains("23505")) }
            }
        }
    }
}
