import Foundation

/// Reads an uploaded table in the format its sender declared, within limits.
public enum TableReader {
    /// The signature of legacy binary Office files (.xls), which are not supported.
    private static let legacyOfficeMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// Returns the rows of `data` read as `format` (the request's declared type, never guessed from the bytes).
    ///
    /// Guarantees: the result is exactly what `XLSXReader.rows` or `CSVReader.rows` returns for that format
    /// within `limits`, and their errors pass through unchanged. Bytes that are plainly of another format than
    /// the declared one (a ZIP sent as CSV, a legacy binary .xls) fail with a `TableError` that says so, unread.
    public static func rows(from data: Data, as format: TableFormat, limits: TableLimits = .standard) throws(TableError) -> [[String]] {
        if data.starts(with: legacyOfficeMagic) {
            throw TableError("不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV UTF-8 (legacy .xls is not supported; save as .xlsx or CSV)")
        }
        switch format {
        case .xlsx:
            guard TableFormat.detect(data) == .xlsx else {
                throw TableError("文件声明为 XLSX，但内容不是 XLSX 工作簿 (declared as .xlsx, but it is not a workbook)")
            }
            return try XLSXReader.rows(from: data, limits: limits)
        case .csv:
            guard TableFormat.detect(data) == .csv else {
                throw TableError("文件声明为 CSV，但内容是 ZIP/XLSX；请以 XLSX 类型上传 (declared as CSV, but it is a ZIP/.xlsx file)")
            }
            return try CSVReader.rows(from: data, limits: limits)
        }
    }
}
