import Foundation
import Testing
import Tabular
import ZIPFoundation

@Suite("XLSXReader")
struct TabularXLSXReaderTests {
    /// A ZIP archive holding `parts` (path → XML text), built the way any producer would.
    private func zip(_ parts: [String: String]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts.sorted(by: { $0.key < $1.key }) {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) {
                bytes.subdata(in: Int($0)..<Int($0) + $1)
            }
        }
        return try #require(archive.data)
    }

    private let main = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
    private let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A workbook whose first tab is xl/worksheets/sheet2.xml (reached by an absolute target), with a
    /// decoy sheet1.xml listed second, and shared strings with rich text and a phonetic guide.
    private func handBuiltWorkbook() throws -> Data {
        try zip([
            "xl/workbook.xml": """
                <workbook \(main) xmlns:r="\(rel)"><sheets>\
                <sheet name="名单" sheetId="2" r:id="rId2"/><sheet name="Other" sheetId="1" r:id="rId1"/>\
                </sheets></workbook>
                """,
            "xl/_rels/workbook.xml.rels": """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="\(rel)/worksheet" Target="worksheets/sheet1.xml"/>\
                <Relationship Id="rId2" Type="\(rel)/worksheet" Target="/xl/worksheets/sheet2.xml"/>\
                <Relationship Id="rId3" Type="\(rel)/sharedStrings" Target="sharedStrings.xml"/>\
                </Relationships>
                """,
            "xl/sharedStrings.xml": """
                <sst \(main) count="4" uniqueCount="4">\
                <si><t>学号</t></si>\
                <si><r><t>姓</t></r><r><rPr><b/></rPr><t xml:space="preserve">名 </t></r></si>\
                <si><t>张三 &amp; 李四</t></si>\
                <si><t>王五</t><rPh sb="0" eb="2"><t>wangwu</t></rPh><phoneticPr fontId="1"/></si>\
                </sst>
                """,
            "xl/worksheets/sheet1.xml": "<worksheet \(main)><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>decoy</t></is></c></row></sheetData></worksheet>",
            "xl/worksheets/sheet2.xml": """
                <worksheet \(main)><dimension ref="A1:D6"/><sheetData>\
                <row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>\
                <row r="3"><c r="A3"><v>2021010101</v></c><c r="B3" t="s"><v>2</v></c><c r="C3"><v>1.0</v></c>\
                <c r="D3" t="inlineStr"><is><t>行内</t></is></c></row>\
                <row r="4"><c r="A4" s="2"><v>2.021010102E9</v></c><c r="B4" t="s"><v>3</v></c><c r="C4" t="b"><v>1</v></c>\
                <c r="D4" t="str"><f>B4&amp;""</f><v>公式</v></c><c r="F4" s="1"/></row>\
                <row r="6" spans="1:4"><c r="B6" s="1"/></row>\
                </sheetData></worksheet>
                """,
        ])
    }

    @Test("A hand-built workbook reads with gaps kept, shared and inline strings, and numbers as Excel shows them")
    func handBuilt() throws {
        let rows = try XLSXReader.rows(from: handBuiltWorkbook())
        #expect(rows == [
            ["学号", "", "姓名 "],
            [],
            ["2021010101", "张三 & 李四", "1", "行内"],
            ["2021010102", "王五", "TRUE", "公式"],
        ])
    }

    @Test("Cells without references follow one another, and numbers keep 15 significant digits")
    func cellsWithoutReferences() throws {
        let data = try zip([
            "xl/worksheets/sheet1.xml": """
                <worksheet \(main)><sheetData><row><c><v>0.30000000000000004</v></c><c><v>-2.5</v></c>\
                <c t="inlineStr"><is><t>_x000D_ok</t></is></c></row><row><c><v>110101199003071234</v></c></row>\
                </sheetData></worksheet>
                """,
        ])
        #expect(try XLSXReader.rows(from: data) == [["0.3", "-2.5", "\rok"], ["110101199003071234"]])
    }

    @Test("Data that is not a ZIP archive fails with a TableError")
    func notZip() {
        #expect(throws: TableError.self) { try XLSXReader.rows(from: Data("学号,姓名\r\n".utf8)) }
        #expect(throws: TableError.self) { try XLSXReader.rows(from: Data([0x50, 0x4B, 0x03, 0x04, 0, 0, 0])) }
    }

    @Test("A ZIP archive without a worksheet fails with a TableError")
    func noWorksheet() throws {
        let data = try zip(["word/document.xml": "<document/>"])
        let error = #expect(throws: TableError.self) { try XLSXReader.rows(from: data) }
        #expect(error?.message.contains("worksheet") == true)
    }

    @Test("A worksheet that is not well-formed XML fails with a TableError")
    func malformedSheet() throws {
        let data = try zip(["xl/worksheets/sheet1.xml": "<worksheet><sheetData><row>"])
        #expect(throws: TableError.self) { try XLSXReader.rows(from: data) }
    }

    /// The review's memory bomb: 4,000 rows, each with one cell at column XFD (16,384 columns); read without
    /// limits, every row was padded to its last column (about 1 GB for a 45 KB file).
    private func wideSheet(rows: Int, column: String) throws -> Data {
        let cells = (1...rows).map { "<row r=\"\($0)\"><c r=\"\(column)\($0)\" t=\"inlineStr\"><is><t>x</t></is></c></row>" }.joined()
        return try zip(["xl/worksheets/sheet1.xml": "<worksheet \(main)><sheetData>\(cells)</sheetData></worksheet>"])
    }

    @Test("A cell beyond the column limit stops the read at its row, before any row is padded")
    func columnLimit() throws {
        let bomb = try wideSheet(rows: 4_000, column: "XFD")
        #expect(bomb.count < 200_000)
        let error = #expect(throws: TableError.self) { try XLSXReader.rows(from: bomb) }
        #expect(error?.row == 1)
        #expect(error?.message.contains("64") == true)
        // Within the limit the same shape is read, padding and all.
        let fine = try XLSXReader.rows(from: try wideSheet(rows: 3, column: "C"))
        #expect(fine == [["", "", "x"], ["", "", "x"], ["", "", "x"]])
    }

    @Test("Rows, cells and inflated bytes past their limits are refused by name")
    func otherLimits() throws {
        let tall = try wideSheet(rows: 11, column: "A")
        let rows = #expect(throws: TableError.self) { try XLSXReader.rows(from: tall, limits: TableLimits(rows: 10)) }
        #expect(rows?.row == 11)
        let cells = #expect(throws: TableError.self) {
            try XLSXReader.rows(from: try wideSheet(rows: 5, column: "J"), limits: TableLimits(cells: 30))
        }
        #expect(cells?.row == 4)
        #expect(throws: TableError.self) { try XLSXReader.rows(from: tall, limits: TableLimits(inflatedBytes: 200)) }
    }
}
