import Foundation
import Testing
import Tabular

@Suite("CSVReader")
struct TabularCSVReaderTests {
    private func csv(_ text: String, bom: Bool = false) -> Data {
        (bom ? Data([0xEF, 0xBB, 0xBF]) : Data()) + Data(text.utf8)
    }

    @Test("A UTF-8 BOM is dropped so Chinese headers come back clean")
    func bomAndChineseHeaders() throws {
        let rows = try CSVReader.rows(from: csv("学号,姓名,学院\r\n2021010101,张三,计算机学院\r\n", bom: true))
        #expect(rows == [["学号", "姓名", "学院"], ["2021010101", "张三", "计算机学院"]])
        #expect(rows[0][0].unicodeScalars.first == "学")
    }

    @Test("Quoted fields keep commas, line breaks and doubled quotes")
    func quotedFields() throws {
        let text = "id,note\r\n1,\"北京市, 海淀区\"\r\n2,\"第一行\r\n第二行\"\r\n3,\"他说 \"\"你好\"\"\"\r\n4,\"\"\r\n"
        let rows = try CSVReader.rows(from: csv(text))
        #expect(rows == [
            ["id", "note"],
            ["1", "北京市, 海淀区"],
            ["2", "第一行\r\n第二行"],
            ["3", "他说 \"你好\""],
            ["4", ""],
        ])
    }

    @Test("CRLF, LF and CR line endings give the same rows, and a final line break adds no row")
    func lineEndings() throws {
        let expected = [["a", "b"], ["1", "2"], ["", ""]]
        for ending in ["\r\n", "\n", "\r"] {
            let text = ["a,b", "1,2", ","].joined(separator: ending)
            #expect(try CSVReader.rows(from: csv(text + ending)) == expected, "ending \(ending.debugDescription)")
            #expect(try CSVReader.rows(from: csv(text)) == expected, "no final \(ending.debugDescription)")
        }
    }

    @Test("Empty cells are kept, a blank line inside is an empty row, blank lines at the end are not")
    func emptyCellsAndBlankLines() throws {
        let rows = try CSVReader.rows(from: csv("a,,c,\n\nx\n\n\n"))
        #expect(rows == [["a", "", "c", ""], [""], ["x"]])
        #expect(try CSVReader.rows(from: Data()) == [])
        #expect(try CSVReader.rows(from: csv("", bom: true)) == [])
    }

    @Test("An unterminated quote fails naming the row where the field started")
    func unterminatedQuote() {
        let text = "学号,备注\r\n1,\"完整\r\n的备注\"\r\n2,\"没有闭合\r\n3,x\r\n"
        let error = #expect(throws: TableError.self) { try CSVReader.rows(from: csv(text)) }
        #expect(error?.row == 3)
        #expect(error?.message.contains("3") == true)
    }

    @Test("A GBK export (Excel's default CSV in China) is read as GB18030: 学号,姓名 / 1,张三")
    func gbkExport() throws {
        // 学号,姓名 CRLF 1,张三 CRLF in GBK, as `iconv -t GBK` writes it.
        let gbk = Data([0xD1, 0xA7, 0xBA, 0xC5, 0x2C, 0xD0, 0xD5, 0xC3, 0xFB, 0x0D, 0x0A, 0x31, 0x2C, 0xD5, 0xC5, 0xC8, 0xFD, 0x0D, 0x0A])
        #expect(try CSVReader.rows(from: gbk) == [["学号", "姓名"], ["1", "张三"]])
    }

    @Test("Bytes that are neither UTF-8 nor GB18030 fail with an error that says UTF-8, naming the row")
    func invalidUTF8() {
        let bad = Data("学号,姓名\r\n1,".utf8) + Data([0xFF, 0xFE, 0x80]) + Data("\r\n".utf8)
        let error = #expect(throws: TableError.self) { try CSVReader.rows(from: bad) }
        #expect(error?.message.contains("UTF-8") == true)
        #expect(error?.row == 2)
    }

    @Test("7,600 rows of 18 columns with quoted commas are read completely")
    func largeFile() throws {
        let row = (1...18).map { "列\($0)内容" }.joined(separator: ",") + ",\"引号, 内的逗号\"\r\n"
        let text = String(repeating: row, count: 7_600)
        let rows = try CSVReader.rows(from: csv(text, bom: true))
        #expect(rows.count == 7_600)
        #expect(rows.allSatisfy { $0.count == 19 && $0[18] == "引号, 内的逗号" })
    }

    @Test("Rows, fields per row and fields in all past their limits are refused, naming the row")
    func limits() throws {
        let wide = Data((String(repeating: ",", count: 64) + "\n").utf8)
        let tooWide = #expect(throws: TableError.self) { try CSVReader.rows(from: wide) }
        #expect(tooWide?.row == 1)
        #expect(try CSVReader.rows(from: Data((String(repeating: ",", count: 63) + "\n").utf8)).first?.count == 64)
        let tall = Data(String(repeating: "a,b\n", count: 11).utf8)
        let tooLong = #expect(throws: TableError.self) { try CSVReader.rows(from: tall, limits: TableLimits(rows: 10)) }
        #expect(tooLong?.row == 11)
        let many = #expect(throws: TableError.self) { try CSVReader.rows(from: tall, limits: TableLimits(cells: 7)) }
        #expect(many?.row == 4)
    }
}
