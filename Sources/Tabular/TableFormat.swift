import Foundation

/// The two table formats offices exchange: comma-separated text and Excel workbooks.
public enum TableFormat: Sendable, Equatable {
    /// Comma-separated text, UTF-8 (with or without a BOM).
    case csv
    /// An Office Open XML workbook (.xlsx), which is a ZIP archive.
    case xlsx

    /// The ZIP local-file-header signature `PK\u{3}\u{4}` every .xlsx starts with.
    static let zipMagic: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

    /// What the first bytes say the data is: used to refuse a file whose bytes contradict its declared format,
    /// never to choose how to read it.
    ///
    /// Guarantees: data starting with the ZIP magic `PK\u{3}\u{4}` is `.xlsx`; anything else,
    /// including empty data, is `.csv`.
    public static func detect(_ data: Data) -> TableFormat {
        data.starts(with: zipMagic) ? .xlsx : .csv
    }
}
