import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads one worksheet part into rows of text, placing every cell where its reference says.
final class WorksheetParser: XMLPartParser {
    private let sharedStrings: [String]
    private var rows: [[String]] = []
    private var row: [String] = []
    private var rowIndex = -1
    private var column = -1
    private var cellType = "n"
    private var value = ""
    private var collecting = false
    private var phoneticDepth = 0

    private init(sharedStrings: [String]) {
        self.sharedStrings = sharedStrings
    }

    /// Row i of the result is Excel row i + 1 and cell j is column j: gaps become `[]` rows and `""`
    /// cells. Empty cells at the end of a row and empty rows at the end of the sheet are left out.
    static func rows(in data: Data, sharedStrings: [String]) throws(TableError) -> [[String]] {
        let parser = WorksheetParser(sharedStrings: sharedStrings)
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
        while row.count <= column { row.append("") }
        row[column] = text
    }
}
