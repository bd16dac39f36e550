import Foundation
import Testing
import Tabular

@Suite("TableReader")
struct TabularTableReaderTests {
    private let header = ["学号", "姓名"]
    private let rows = [["2021010101", "张三"], ["2021010102", "李四"]]

    @Test("ZIP magic is detected as xlsx and anything else as csv")
    func detect() throws {
        let xlsx = try XLSXWriter.document(sheetName: "名单", header: header, rows: rows)
        #expect(TableFormat.detect(xlsx) == .xlsx)
        #expect(TableFormat.detect(Data([0x50, 0x4B, 0x03, 0x04])) == .xlsx)
        #expect(TableFormat.detect(CSVWriter.document(header: header, rows: rows)) == .csv)
        #expect(TableFormat.detect(Data("PK,学号\r\n".utf8)) == .csv)
        #expect(TableFormat.detect(Data()) == .csv)
    }

    @Test("Both formats, as declared, read to the same rows")
    func readsBothFormats() throws {
        let xlsx = try XLSXWriter.document(sheetName: "名单", header: header, rows: rows)
        let csv = CSVWriter.document(header: header, rows: rows)
        #expect(try TableReader.rows(from: xlsx, as: .xlsx) == [header] + rows)
        #expect(try TableReader.rows(from: csv, as: .csv) == [header] + rows)
    }

    @Test("A workbook declared as CSV, or text declared as a workbook, is refused unread")
    func declaredFormatWins() throws {
        let xlsx = try XLSXWriter.document(sheetName: "名单", header: header, rows: rows)
        let asCSV = #expect(throws: TableError.self) { try TableReader.rows(from: xlsx, as: .csv) }
        #expect(asCSV?.message.contains("CSV") == true)
        let csv = CSVWriter.document(header: header, rows: rows)
        #expect(throws: TableError.self) { try TableReader.rows(from: csv, as: .xlsx) }
    }

    @Test("Errors of the declared reader pass through, and legacy .xls is refused by name")
    func errors() {
        let broken = Data([0x50, 0x4B, 0x03, 0x04, 1, 2, 3])
        #expect(throws: TableError.self) { try TableReader.rows(from: broken, as: .xlsx) }
        let unterminated = #expect(throws: TableError.self) { try TableReader.rows(from: Data("a\n\"b".utf8), as: .csv) }
        #expect(unterminated?.row == 2)
        let xls = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0])
        let legacy = #expect(throws: TableError.self) { try TableReader.rows(from: xls, as: .csv) }
        #expect(legacy?.message.contains(".xls") == true)
    }
}
