import Foundation
import ZIPFoundation

/// Writes a table as a one-sheet Excel workbook (.xlsx) that Excel, WPS and LibreOffice open.
public enum XLSXWriter {
    /// A fixed timestamp for the ZIP entries, so the same table always gives the same bytes.
    private static let entryDate = Date(timeIntervalSince1970: 1_577_836_800)

    /// The .xlsx file with one sheet: `header` as a bold, frozen first row, then `rows`.
    ///
    /// Guarantees:
    /// - every cell is an inline string (`t="inlineStr"`), so student numbers, ID numbers and phone
    ///   numbers stay text digit for digit; empty cells are left out;
    /// - text is XML-escaped and characters XML 1.0 forbids (control characters other than tab, LF
    ///   and CR) are dropped; leading and trailing spaces are kept;
    /// - cells starting with `=`, `+`, `-`, `@`, tab or CR get a leading `'`, as `CSVWriter` does;
    /// - `sheetName` is cleaned to a name Excel accepts (no `[]:*?/\`, at most 31 characters);
    /// - the sheet XML is built by appending to one string, so 100,000 rows take seconds;
    /// - `XLSXReader.rows` reads the result back to `[header] + rows` (trailing empty cells aside).
    ///
    /// Throws when the table is larger than Excel allows or the ZIP archive cannot be written.
    public static func document(sheetName: String, header: [String], rows: [[String]]) throws -> Data {
        guard rows.count < CellReference.maxRows else {
            throw TableError("行数超过 Excel 上限 (more than \(CellReference.maxRows - 1) rows)")
        }
        guard rows.allSatisfy({ $0.count <= CellReference.maxColumns }), header.count <= CellReference.maxColumns else {
            throw TableError("列数超过 Excel 上限 (more than \(CellReference.maxColumns) columns)")
        }
        let parts: [(path: String, text: String)] = [
            ("[Content_Types].xml", XLSXParts.contentTypes),
            ("_rels/.rels", XLSXParts.rootRelationships),
            ("xl/workbook.xml", XLSXParts.workbook(sheetName: XLSXParts.validSheetName(sheetName))),
            ("xl/_rels/workbook.xml.rels", XLSXParts.workbookRelationships),
            ("xl/styles.xml", XLSXParts.styles),
            (XLSXParts.sheetPath, WorksheetWriter.xml(header: header, rows: rows)),
        ]
        let archive = try Archive(accessMode: .create)
        for part in parts {
            let bytes = Data(part.text.utf8)
            try archive.addEntry(
                with: part.path, type: .file, uncompressedSize: Int64(bytes.count),
                modificationDate: entryDate, compressionMethod: .deflate
            ) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw TableError("无法生成 XLSX 文件 (the workbook could not be written)") }
        return data
    }
}
