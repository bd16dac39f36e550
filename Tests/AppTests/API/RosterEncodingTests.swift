import Foundation
import HummingbirdTesting
import ShouhuTestSupport
import Tabular
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Roster files as Chinese offices have them: Excel's default CSV on a Chinese Windows is GBK, and the template the
/// import page offers must import as it is.
@Suite("Roster import: GBK CSV and the downloadable template")
struct RosterEncodingTests {
    /// `text` in GB18030 (a superset of GBK), converted by glibc's iconv — independent of the reader under test.
    static func gbk(_ text: String) throws -> Data {
        let converter = iconv_open("GB18030", "UTF-8")
        guard converter != iconv_t(bitPattern: -1) else { throw HarnessError("iconv has no GB18030") }
        defer { iconv_close(converter) }
        var input = Array(text.utf8).map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: input.count * 2 + 16)
        var inputLeft = input.count, outputLeft = output.count
        let result = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = inBuffer.baseAddress, outPointer = outBuffer.baseAddress
                return iconv(converter, &inPointer, &inputLeft, &outPointer, &outputLeft)
            }
        }
        guard result != -1, inputLeft == 0 else { throw HarnessError("iconv failed") }
        return Data(output[0..<(output.count - outputLeft)].map { UInt8(bitPattern: $0) })
    }

    @Test("GBK-encoded staff and student CSV files import over the API with their Chinese names intact", arguments: TestEngine.available)
    func gbkImport(engine: TestEngine) async throws {
        try await AppHarness.run(engine) { h in
            let admin = try await h.adminToken()
            let staffBytes = try Self.gbk(Fixtures.staffCSV)
            #expect(String(validating: Array(staffBytes), as: UTF8.self) == nil, "the file really is not UTF-8")
            let staff = try await h.post("/api/v1/roster/staff", token: admin, data: staffBytes, contentType: "text/csv")
            #expect(staff.status == .ok, "\(String(buffer: staff.body))")
            let students = try await h.post("/api/v1/roster/students", token: admin, data: try Self.gbk(Fixtures.studentsCSV), contentType: "text/csv")
            #expect(students.status == .ok, "\(String(buffer: students.body))")
            #expect(try students.json()["created"] as? Int == 7)
            let one = try await h.get("/api/v1/students/2021000001", token: admin)
            #expect(String(buffer: one.body).contains("甲一") && String(buffer: one.body).contains("信息工程学院"))
        }
    }

    @Test("Both roster templates download as CSV with a byte-order mark and Chinese headers, and import with no error")
    func templates() async throws {
        try await AppHarness.run(.sqlite) { h in
            let admin = try await h.adminToken()
            let cookie = try await PagesTests.cookie(h, "admin", TestApp.adminPassword)
            let page = try await PagesTests.page(h, "/roster/import", cookie: cookie)
            #expect(page.text.contains(#"href="/roster/template/students.csv""#) && page.text.contains(#"href="/roster/template/staff.csv""#))
            #expect(page.text.contains(#"data-nofile="请先选择要导入的文件。""#))
            for kind in ["staff", "students"] {
                let file = try await PagesTests.page(h, "/roster/template/\(kind).csv", cookie: cookie)
                #expect(file.status == .ok)
                #expect(file.headers[.contentType]?.hasPrefix("text/csv") == true)
                let bytes = Array(file.body.readableBytesView)
                #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
                let rows = try CSVReader.rows(from: Data(bytes))
                #expect(rows.first?.first == (kind == "staff" ? "工号" : "学号"))
                let imported = try await h.post("/api/v1/roster/\(kind)", token: admin, data: Data(bytes), contentType: "text/csv")
                #expect(imported.status == .ok, "\(kind): \(String(buffer: imported.body))")
                #expect(try imported.json()["created"] as? Int == 1)
            }
            #expect(try await PagesTests.page(h, "/roster/template/other.csv", cookie: cookie).status == .notFound)
        }
    }
}
