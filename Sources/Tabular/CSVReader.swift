import Foundation

/// Reads comma-separated text as RFC 4180 describes it, the way spreadsheets save it.
public enum CSVReader {
    /// Splits `data` into rows of cells.
    ///
    /// Guarantees:
    /// - fields are separated by commas; a field in double quotes may contain commas, CR and LF,
    ///   and `""` inside it stands for one `"`;
    /// - CRLF, LF and CR all end a row; a blank line in the middle is a row with one empty cell,
    ///   but blank lines at the end of the file produce no rows;
    /// - a UTF-8 byte-order mark (EF BB BF) at the start is dropped, so the first header is clean;
    /// - text after a closing quote and before the next separator is kept, as spreadsheets do;
    /// - text that is not valid UTF-8 is read as GB18030 (a superset of GBK, what Excel saves as "CSV" on a
    ///   Chinese Windows); bytes that are neither throw a `TableError` saying so, with the row;
    /// - a quote that is never closed throws a `TableError` whose `row` is the 1-based row where
    ///   the quoted field started.
    ///
    /// Runs over bytes in one pass; it never builds strings character by character.
    /// - more than `limits.rows` rows, `limits.columns` fields in a row or `limits.cells` fields in all throws a
    ///   `TableError` at once.
    public static func rows(from data: Data, limits: TableLimits = .standard) throws(TableError) -> [[String]] {
        var bytes = [UInt8](data)
        if String(validating: bytes, as: UTF8.self) == nil, let text = String(data: data, encoding: .gb18030) {
            bytes = Array(text.utf8)
        }
        var scanner = CSVScanner(bytes: bytes, limits: limits)
        return try scanner.records()
    }
}

extension String.Encoding {
    /// GB18030 (kCFStringEncodingGB_18030_2000 as an NSString encoding); Foundation on Linux decodes it through ICU.
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)
}
