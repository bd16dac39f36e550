import Foundation

/// The roster files offered for download on the import page: every column the importer reads, under its Chinese
/// header, and one example row that imports cleanly — so the template and the importer cannot drift apart.
public enum RosterTemplate {
    /// The student roster: Chinese headers in the importer's order, and one example student.
    public static let students: [[String]] = [
        StudentTable.columns.map(\.chineseName),
        ["2025000001", "张三", "男", "信息工程学院", "信息2501", "2025", "南校区", "1号楼", "1", "101", "1", "13800000000",
         "", "", "", "", "", "在校"],
    ]

    /// The staff roster: Chinese headers in the importer's order, and one example counsellor.
    public static let staff: [[String]] = [
        StaffTable.columns.map(\.chineseName),
        ["T0001", "李老师", "辅导员", "13800000001", "信息2501"],
    ]

    /// Each column's Chinese header by the English name the importer reports a missing column under
    /// (`RowError.column`), for pages that show those errors to people.
    public static let chineseHeaders: [String: String] = {
        let pairs = StaffTable.columns.map { ($0.names[0], $0.chineseName) } + StudentTable.columns.map { ($0.names[0], $0.chineseName) }
        return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }()
}

extension HeaderMap.Column {
    /// The column's Chinese header (its last accepted name).
    var chineseName: String { names.last ?? "" }
}
