import Foundation

/// Reads an uploaded table without being told its format.
public enum TableReader {
    /// The signature of legacy binary Office files (.xls), which are not supported.
    private static let legacyOfficeMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// Returns the rows of `data`, read as `.xlsx` or CSV according to `TableFormat.detect`.
    ///
    /// Guarantees: the result is exactly what `XLSXReader.rows` or `CSVReader.rows` returns for the
    /// detected format, and their errors pass through unchanged. A legacy binary .xls file fails with
    /// a `TableError` asking for .xlsx or CSV instead of being misread as text.
    public static func rows(from data: Data) throws(TableError) -> [[String]] {
        switch TableFormat.detect(data) {
        case .xlsx:
            return try XLSXReader.rows(from: data)
        case .csv:
            if data.starts(with: legacyOfficeMagic) {
                throw TableError("不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV UTF-8 (legacy .xls is not supported; save as .xlsx or CSV)")
            }
            return try CSVReader.rows(from: data)
        }
    }
}
