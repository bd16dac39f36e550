import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Tabular
import Testing

@Suite("Roster import over the API")
struct RosterImportTests {
    @Test("Staff then students import; re-importing the same files reports everything unchanged", arguments: TestEngine.available)
    func importAndReimport(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            let admin = try await h.adminToken()
            let staff = try await h.post("/api/v1/roster/staff", token: admin, body: Fixtures.staffCSV, contentType: "text/csv")
            #expect(try staff.json()["created"] as? Int == 4)
            let students = try await h.post("/api/v1/roster/students", token: admin, body: Fixtures.studentsCSV, contentType: "text/csv")
            let counts = try students.json()
            #expect(counts["created"] as? Int == 7 && counts["updated"] as? Int == 0 && counts["unchanged"] as? Int == 0)
            let again = try await h.post("/api/v1/roster/students", token: admin, body: Fixtures.studentsCSV, contentType: "text/csv")
            #expect(try again.json()["unchanged"] as? Int == 7)
            #expect(try again.json()["created"] as? Int == 0)
            #expect(try await h.get("/api/v1/students", token: admin).studentNumbers() == Fixtures.allStudents)
        }
    }

    @Test("A dry run answers the counts and stores nothing", arguments: TestEngine.available)
    func dryRun(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            let admin = try await h.adminToken()
            _ = try await h.post("/api/v1/roster/staff", token: admin, body: Fixtures.staffCSV, contentType: "text/csv")
            let r = try await h.post("/api/v1/roster/students?dryRun=true", token: admin, body: Fixtures.studentsCSV, contentType: "text/csv")
            #expect(r.status == .ok)
            #expect(try r.json()["created"] as? Int == 7)
            #expect(try await h.get("/api/v1/students", token: admin).studentNumbers().isEmpty)
        }
    }

    @Test("Five different faults in five rows answer 422 listing all five, and the roster is exactly as before", arguments: TestEngine.available)
    func fiveFaults(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            try await h.importFixtureCollege()
            let admin = try await h.adminToken()
            let before = try await h.get("/api/v1/students?limit=1000", token: admin).text
            let bad = """
            学号,姓名,性别,学院,班级,校区,楼栋,楼层,寝室,身份证号,辅导员
            2021000001,甲一改名,女,信息工程学院,信息2101,南校区,1号楼,1,101,,T001
            2021000008,,女,信息工程学院,信息2101,南校区,1号楼,1,102,,T001
            2021000009,新生二,外星,信息工程学院,信息2101,南校区,1号楼,1,102,,T001
            2021000010,新生三,男,信息工程学院,信息2101,南校区,1号楼,三楼,103,,T001
            2021000011,新生四,男,信息工程学院,信息2101,南校区,1号楼,1,103,110105194912310021,T001
            2021000010,新生五,男,信息工程学院,信息2101,北校区,1号楼,1,104,,T001

            """
            let r = try await h.post("/api/v1/roster/students", token: admin, body: bad, contentType: "text/csv")
            #expect(r.status == .unprocessableContent)
            #expect(r.headers[.contentType] == "application/problem+json")
            let errors = try r.problemErrors()
            let cells = errors.map { "\($0["row"] as? Int ?? 0):\($0["column"] as? String ?? "")" }
            #expect(cells == ["3:姓名", "4:性别", "5:楼层", "6:身份证号", "7:学号"])
            #expect(try await h.get("/api/v1/students?limit=1000", token: admin).text == before)
        }
    }

    @Test("Rows that contradict each other or the stored grid are named: building on two campuses, room on two floors, class in two colleges, unknown counsellor")
    func crossRowConflicts() async throws {
        try await AppHarness.run(.sqlite) { h in
            try await h.importFixtureCollege()
            let admin = try await h.adminToken()
            let bad = """
            student_no,name,college,class,campus,building,floor,room,counsellor
            2021000020,新甲,信息工程学院,信息2101,北校区,1号楼,1,105,T001
            2021000021,新乙,信息工程学院,信息2101,南校区,1号楼,4,101,T001
            2021000022,新丙,机电工程学院,信息2102,南校区,1号楼,1,106,T001
            2021000023,新丁,信息工程学院,信息2101,南校区,1号楼,1,107,T999

            """
            let r = try await h.post("/api/v1/roster/students", token: admin, body: bad, contentType: "text/csv")
            #expect(r.status == .unprocessableContent)
            let cells = try r.problemErrors().map { "\($0["row"] as? Int ?? 0):\($0["column"] as? String ?? "")" }
            #expect(cells == ["2:campus", "3:floor", "4:college", "5:counsellor"])
            #expect(try await h.get("/api/v1/students", token: admin).studentNumbers() == Fixtures.allStudents)
        }
    }

    @Test("Cross-row errors name the column as the file's own header does")
    func crossRowErrorsUseFileHeaders() async throws {
        try await AppHarness.run(.sqlite) { h in
            try await h.importFixtureCollege()
            let admin = try await h.adminToken()
            let bad = "学号,姓名,学院,班级,校区,楼栋\n2021000030,新戊,信息工程学院,信息2101,北校区,1号楼\n"
            let r = try await h.post("/api/v1/roster/students", token: admin, body: bad, contentType: "text/csv")
            #expect(r.status == .unprocessableContent)
            #expect(try r.problemErrors().map { $0["column"] as? String } == ["校区"])
        }
    }

    @Test("An XLSX file with Chinese headers imports like the CSV", arguments: TestEngine.available)
    func xlsxImport(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            let admin = try await h.adminToken()
            _ = try await h.post("/api/v1/roster/staff", token: admin, body: Fixtures.staffCSV, contentType: "text/csv")
            let rows = try CSVReader.rows(from: Data(Fixtures.studentsCSV.utf8))
            let xlsx = try XLSXWriter.document(sheetName: "学生", header: rows[0], rows: Array(rows.dropFirst()))
            let r = try await h.post("/api/v1/roster/students", token: admin, data: xlsx,
                                     contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(r.status == .ok)
            #expect(try r.json()["created"] as? Int == 7)
            let one = try await h.get("/api/v1/students/2021000001", token: admin).json()
            #expect(one["name"] as? String == "甲一")
            #expect(one["idNumber"] as? String == "1101**********002X")
        }
    }

    @Test("A CSV with a byte-order mark imports; an empty body is 400; a missing required column is 422 on row 1")
    func fileShapes() async throws {
        try await AppHarness.run(.sqlite) { h in
            let admin = try await h.adminToken()
            var bom = Data([0xEF, 0xBB, 0xBF])
            bom.append(Data(Fixtures.staffCSV.utf8))
            #expect(try await h.post("/api/v1/roster/staff", token: admin, data: bom, contentType: "text/csv").status == .ok)
            #expect(try await h.post("/api/v1/roster/staff", token: admin, body: "", contentType: "text/csv").status == .badRequest)
            let missing = try await h.post("/api/v1/roster/students", token: admin, body: "学号,姓名\n1,甲\n", contentType: "text/csv")
            #expect(missing.status == .unprocessableContent)
            #expect(try missing.problemErrors().allSatisfy { $0["row"] as? Int == 1 })
            let badFlag = try await h.post("/api/v1/roster/staff?dryRun=maybe", token: admin, body: Fixtures.staffCSV, contentType: "text/csv")
            #expect(badFlag.status == .badRequest)
            #expect((try badFlag.json()["detail"] as? String)?.contains("dryRun") == true, "\(badFlag.text)")
            #expect(try await h.get("/api/v1/students", token: admin).studentNumbers().isEmpty)
        }
    }

    @Test("Someone who is not an administrator cannot import, and nothing changes", arguments: TestEngine.available)
    func importNeedsRights(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            try await h.importFixtureCollege()
            let counsellor = try await h.tokenFor("T001")
            let extra = "student_no,name,college,class\n2029999999,外人,信息工程学院,信息2101\n"
            let r = try await h.post("/api/v1/roster/students", token: counsellor, body: extra, contentType: "text/csv")
            #expect(r.status == .forbidden)
            let admin = try await h.adminToken()
            #expect(try await h.get("/api/v1/students/2029999999", token: admin).status == .notFound)
        }
    }
}
