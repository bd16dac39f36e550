/// Why a table could not be read, in one sentence a user can act on.
///
/// `message` is bilingual (Chinese first, English in brackets), like the rest of the campus errors.
/// `row` is the 1-based row the problem was found in (the header is row 1), when one row is to blame.
public struct TableError: Error, Sendable, Equatable {
    /// What went wrong, naming the problem (encoding, quoting, not a workbook, …).
    public var message: String
    /// The 1-based row the problem starts in, or nil when the whole file is at fault.
    public var row: Int?

    /// Creates an error with `message`, blaming `row` when given.
    public init(_ message: String, row: Int? = nil) {
        self.message = message
        self.row = row
    }
}

extension TableError: CustomStringConvertible {
    /// The message, prefixed by the row when there is one.
    public var description: String {
        guard let row else { return message }
        return "第 \(row) 行 (row \(row)): \(message)"
    }
}

extension TableError {
    static func invalidUTF8(row: Int) -> TableError {
        TableError(
            "文件既不是 UTF-8 也不是 GBK/GB18030 编码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）” (the file is neither UTF-8 nor GBK; save it as CSV UTF-8)",
            row: row
        )
    }

    static func unterminatedQuote(row: Int) -> TableError {
        TableError("引号没有闭合 (a quoted field starting in row \(row) is never closed)", row: row)
    }

    static func notWorkbook(_ detail: String) -> TableError {
        TableError("不是有效的 XLSX 工作簿 (not a valid .xlsx workbook: \(detail))")
    }
}
