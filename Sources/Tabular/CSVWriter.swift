import Foundation

/// Writes tables as CSV that Excel (including Chinese Excel and WPS) opens with the right encoding.
public enum CSVWriter {
    private static let bom = "\u{FEFF}"

    /// The CSV file for `header` followed by `rows`.
    ///
    /// Guarantees:
    /// - the data starts with the UTF-8 byte-order mark, so Excel reads Chinese text correctly;
    /// - every row, the last included, ends with CRLF; rows keep their own lengths;
    /// - a field containing a comma, a double quote, CR or LF is quoted, with `"` doubled;
    /// - a cell starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'` so spreadsheets show it
    ///   as text instead of running it (OWASP CSV injection advice); plain negative numbers such as
    ///   `-3.5` are written as they are.
    ///
    /// `CSVReader.rows` reads the result back to `[header] + rows`, apart from neutralised cells.
    public static func document(header: [String], rows: [[String]]) -> Data {
        var text = bom
        append(header, to: &text)
        for row in rows { append(row, to: &text) }
        return Data(text.utf8)
    }

    private static func append(_ row: [String], to text: inout String) {
        for (index, cell) in row.enumerated() {
            if index > 0 { text.append(",") }
            let safe = FormulaNeutraliser.neutralised(cell)
            if needsQuotes(safe) {
                text.append("\"")
                text.append(safe.replacingOccurrences(of: "\"", with: "\"\""))
                text.append("\"")
            } else {
                text.append(safe)
            }
        }
        text.append("\r\n")
    }

    private static func needsQuotes(_ cell: String) -> Bool {
        cell.utf8.contains { byte in
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
        }
    }
}
