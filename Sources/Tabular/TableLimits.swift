/// How much of an uploaded table is read at most. Every reader stops at the first limit passed and throws a
/// `TableError` naming it, so a small file that claims a huge sheet (a cell at column XFD in every row, a ZIP
/// that inflates a thousandfold) costs what its limits allow, not what it claims.
public struct TableLimits: Sendable, Equatable {
    /// Columns per row (a roster has about twenty).
    public var columns: Int
    /// Rows, the header included.
    public var rows: Int
    /// Cells in all, counting the empty ones a row is padded with.
    public var cells: Int
    /// Bytes one part of a workbook may inflate to.
    public var inflatedBytes: Int

    public init(columns: Int = 64, rows: Int = 200_000, cells: Int = 4_000_000, inflatedBytes: Int = 96 << 20) {
        self.columns = columns
        self.rows = rows
        self.cells = cells
        self.inflatedBytes = inflatedBytes
    }

    /// What a roster or a lab report needs, with room to spare.
    public static let standard = TableLimits()
}

extension TableError {
    static func tooWide(row: Int, limit: Int) -> TableError {
        TableError("第 \(row) 行超过 \(limit) 列，请删除多余的列 (more than \(limit) columns)", row: row)
    }

    static func tooLong(limit: Int) -> TableError {
        TableError("文件超过 \(limit) 行，请分批导入 (more than \(limit) rows; import in parts)", row: limit + 1)
    }

    static func tooManyCells(row: Int, limit: Int) -> TableError {
        TableError("文件的单元格超过 \(limit) 个 (more than \(limit) cells)", row: row)
    }
}
