import Foundation
import Testing
import Tabular

@Suite("CSVWriter")
struct TabularCSVWriterTests {
    private func text(_ data: Data) -> String {
        String(decoding: data.dropFirst(3), as: UTF8.self)
    }

    @Test("The document starts with the UTF-8 BOM and ends every row with CRLF")
    func bomAndCRLF() {
        let data = CSVWriter.document(header: ["学号", "姓名"], rows: [["1", "张三"]])
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(text(data) == "学号,姓名\r\n1,张三\r\n")
    }

    @Test("Fields with commas, quotes or line breaks are quoted with quotes doubled")
    func quoting() {
        let data = CSVWriter.document(header: ["a"], rows: [["x,y", "say \"hi\"", "two\nlines", "cr\rhere", "plain"]])
        #expect(text(data) == "a\r\n\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",plain\r\n")
    }

    @Test("Cells that start like a formula get a leading apostrophe")
    func neutralisesFormulas() throws {
        let cells = ["=SUM(A1)", "+1", "@x", "-cmd", "\tx", "=1+1,2"]
        let rows = try CSVReader.rows(from: CSVWriter.document(header: ["h"], rows: [cells]))
        #expect(rows[1] == ["'=SUM(A1)", "'+1", "'@x", "'-cmd", "'\tx", "'=1+1,2"])
    }

    @Test("Plain negative numbers and ordinary text are written unchanged")
    func keepsNegativeNumbers() throws {
        let cells = ["-3.5", "-12", "-.5", "3-1", "a=b", "2021010101"]
        let rows = try CSVReader.rows(from: CSVWriter.document(header: ["h"], rows: [cells]))
        #expect(rows[1] == cells)
    }

    @Test("What the writer writes, the reader reads back unchanged")
    func roundTrip() throws {
        let header = ["学号", "姓名", "备注", "身份证号"]
        let rows = [
            ["2021010101", "张三", "住在 A 栋, 302", "110101199003071234"],
            ["2021010102", "李四", "", "0012"],
            ["2021010103", "王“五”", "第一行\r\n第二行 \"引号\"", ""],
        ]
        let read = try CSVReader.rows(from: CSVWriter.document(header: header, rows: rows))
        #expect(read == [header] + rows)
    }
}
