/// Streams the XML of the one worksheet `XLSXWriter` produces, appending to a single string.
enum WorksheetWriter {
    /// The worksheet XML: row 1 is `header` in bold and frozen, then `rows`; every non-empty cell is a
    /// neutralised, escaped inline string with its reference (`A1`), and empty cells are omitted.
    static func xml(header: [String], rows: [[String]]) -> String {
        let width = rows.reduce(header.count) { max($0, $1.count) }
        let columns = (0..<width).map(CellReference.letters(forColumn:))
        var xml = XLSXParts.declaration
        xml.reserveCapacity(64 * width * (rows.count + 1) + 512)
        xml.append("<worksheet xmlns=\"\(XLSXParts.mainNamespace)\"><sheetViews><sheetView workbookViewId=\"0\">")
        xml.append("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>")
        xml.append("</sheetView></sheetViews><sheetData>")
        appendRow(header, number: 1, style: " s=\"1\"", columns: columns, to: &xml)
        for (offset, row) in rows.enumerated() {
            appendRow(row, number: offset + 2, style: "", columns: columns, to: &xml)
        }
        xml.append("</sheetData></worksheet>")
        return xml
    }

    private static func appendRow(_ cells: [String], number: Int, style: String, columns: [String], to xml: inout String) {
        let rowNumber = String(number)
        xml.append("<row r=\"")
        xml.append(rowNumber)
        xml.append("\">")
        for (column, cell) in cells.enumerated() where !cell.isEmpty {
            let text = OOXMLEscapes.encoded(FormulaNeutraliser.neutralised(cell))
            xml.append("<c r=\"")
            xml.append(columns[column])
            xml.append(rowNumber)
            xml.append("\"")
            xml.append(style)
            xml.append(" t=\"inlineStr\"><is>")
            xml.append(XMLText.needsPreservedSpace(text) ? "<t xml:space=\"preserve\">" : "<t>")
            XMLText.appendEscaped(text, to: &xml)
            xml.append("</t></is></c>")
        }
        xml.append("</row>")
    }
}
