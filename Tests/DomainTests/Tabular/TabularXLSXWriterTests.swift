import Foundation
import Testing
import Tabular
import ZIPFoundation

@Suite("XLSXWriter")
struct TabularXLSXWriterTests {
    /// The text of one part of a written workbook.
    private func part(_ path: String, of data: Data) throws -> String {
        let archive = try Archive(data: data, accessMode: .read)
        let entry = try #require(archive[path], "missing \(path)")
        var bytes = Data()
        _ = try archive.extract(entry) { bytes.append($0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("A written workbook reads back to the same rows: Chinese text, empty cells, long numbers as text")
    func roundTrip() throws {
        let header = ["学号", "姓名", "身份证号", "手机", "备注"]
        let rows = [
            ["2021010101", "张三", "110101199003071234", "13800138000", "A & B <宿舍> \"302\""],
            ["2021010102", "", "11010119900307123X", "", "第一行\n第二行"],
            ["0012", "李四", "", "", " 前后空格 "],
            ["2021010104", "王五", "1.0", "1e5", "tab\there"],
        ]
        let data = try XLSXWriter.document(sheetName: "学生名单", header: header, rows: rows)
        #expect(try XLSXReader.rows(from: data) == [header] + rows)
    }

    @Test("Formula-like cells are neutralised and characters illegal in XML are dropped")
    func neutralisesAndStrips() throws {
        let rows = [["=SUM(A1)", "+1", "@x", "-cmd", "-3.5", "a\u{1}b\u{FFFF}c", "cr\rkept"]]
        let data = try XLSXWriter.document(sheetName: "Sheet", header: ["h"], rows: rows)
        let read = try XLSXReader.rows(from: data)
        #expect(read[1] == ["'=SUM(A1)", "'+1", "'@x", "'-cmd", "-3.5", "abc", "cr\rkept"])
    }

    @Test("The package has the parts Excel needs, inline strings, a bold header and a valid sheet name")
    func packageParts() throws {
        let data = try XLSXWriter.document(sheetName: "2024/秋季[名单]", header: ["学号"], rows: [["1"]])
        #expect(data.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        #expect(try part("[Content_Types].xml", of: data).contains("/xl/worksheets/sheet1.xml"))
        #expect(try part("_rels/.rels", of: data).contains("xl/workbook.xml"))
        #expect(try part("xl/workbook.xml", of: data).contains("name=\"2024秋季名单\""))
        #expect(try part("xl/styles.xml", of: data).contains("<b/>"))
        let sheet = try part("xl/worksheets/sheet1.xml", of: data)
        #expect(sheet.contains("<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>学号</t></is></c>"))
        #expect(sheet.contains("<c r=\"A2\" t=\"inlineStr\"><is><t>1</t></is></c>"))
    }

    @Test("100,000 rows are written and read back whole, past the 10 MB a single XML parse allows on Linux")
    func largeTable() throws {
        let rows = (0..<100_000).map { ["\(2_021_000_000 + $0)", "学生\($0)", "计算机学院", "男", "A & B"] }
        let data = try XLSXWriter.document(sheetName: "名单", header: ["学号", "姓名", "学院", "性别", "备注"], rows: rows)
        let sheet = try part("xl/worksheets/sheet1.xml", of: data)
        #expect(sheet.contains("<row r=\"100001\"><c r=\"A100001\" t=\"inlineStr\"><is><t>2021099999</t>"))
        #expect(sheet.utf8.count > 10_000_000)
        let read = try XLSXReader.rows(from: data)
        #expect(read.count == 100_001)
        #expect(read.last == rows.last)
    }
}
