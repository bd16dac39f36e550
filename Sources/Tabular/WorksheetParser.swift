import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads one worksheet part into rows of text, placing every cell where its reference says.
final class WorksheetParser: XMLPartParser {
    private let sharedStrings: [String]
    private let limits: TableLimits
    /// Cells placed so far, padding included, against `limits.cells`.
    private var cells = 0
    private var rows: [[String]] = []
    private var row: [String] = []
    private var rowIndex = -1
    private var column = -1
    private var cellType = "n"
    private var value = ""
    private var collecting = false
    private var phoneticDepth = 0

    private init(sharedStrings: [String], limits: TableLimits) {
        self.sharedStrings = sharedStrings
        self.limits = limits
    }

    /// Row i of the result is Excel row i + 1 and cell j is column j: gaps become `[]` rows and `""`
    /// cells. Empty cells at the end of a row and empty rows at the end of the sheet are left out.
    /// A row, column or cell count past `limits` stops the parse with a `TableError` naming the row.
    static func rows(in data: Data, sharedStrings: [String], limits: TableLimits) throws(TableError) -> [[String]] {
        let parser = WorksheetParser(sharedStrings: sharedStrings, limits: limits)
        try parser.run(on: data, part: "worksheet")
        while parser.rows.last?.isEmpty == true { parser.rows.removeLast() }
        return parser.rows
    }

    override func didStart(_ name: Substring, attributes: [String: String], parser: XMLParser) {
        switch name {
        case "row":
            rowIndex = attributes["r"].flatMap { Int($0) }.map { $0 - 1 } ?? rowIndex + 1
            guard (0..<CellReference.maxRows).contains(rowIndex) else {
                return fail(.notWorkbook("行号超出范围 / row number out of range"), parser)
            }
            guard rowIndex < limits.rows else { return fail(.tooLong(limit: limits.rows), parser) }
            row = []
            column = -1
        case "c":
            if let reference = attributes["r"] {
                guard let cell = CellReference(reference) else {
                    return fail(.notWorkbook("单元格引用无效 / bad cell reference \(reference)"), parser)
                }
                column = cell.column
            } else {
                column += 1
            }
            cellType = attributes["t"] ?? "n"
            value = ""
        case "v": collecting = true
        case "t": collecting = cellType == "inlineStr" && phoneticDepth == 0
        case "rPh": phoneticDepth += 1
        default: break
        }
    }

    override func didEnd(_ name: Substring, parser: XMLParser) {
        switch name {
        case "v", "t": collecting = false
        case "rPh": phoneticDepth -= 1
        case "c": placeCell(parser)
        case "row":
            while rows.count <= rowIndex { rows.append([]) }
            rows[rowIndex] = row
        default: break
        }
    }

    override func characters(_ text: String) {
        if collecting { value += text }
    }

    private func placeCell(_ parser: XMLParser) {
        guard column < CellReference.maxColumns else {
            return fail(.notWorkbook("列超出范围 / column out of range"), parser)
        }
        guard column < limits.columns else { return fail(.tooWide(row: rowIndex + 1, limit: limits.columns), parser) }
        let text: String
        switch cellType {
        case "s":
            guard let index = Int(value.trimmingCharacters(in: .whitespaces)), sharedStrings.indices.contains(index) else {
                return fail(.notWorkbook("共享字符串不存在 / missing shared string \(value)"), parser)
            }
            text = sharedStrings[index]
        case "inlineStr", "str": text = OOXMLEscapes.decoded(value)
        case "b": text = value == "1" ? "TRUE" : value == "0" ? "FALSE" : value
        case "e", "d": text = value
        default: text = NumberText.display(value)
        }
        guard !text.isEmpty else { return }
        let added = column + 1 - row.count
        if added > 0 {
            cells += added
            guard cells <= limits.cells else { return fail(.tooManyCells(row: rowIndex + 1, limit: limits.cells), parser) }
        }
        while row.count <= column { row.append("") }
        row[column] = text
    }
}
