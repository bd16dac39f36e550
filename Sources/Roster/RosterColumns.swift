/// The columns of the roster tables by the name the API reports them under (`student_no`), with the Chinese
/// header a person reads (`学号`): a page showing an import's row errors names columns as the template does.
public enum RosterColumns {
    public static let chineseNames: [String: String] = {
        var names: [String: String] = [:]
        for c in StudentTable.columns { names[c.names[0]] = c.names.last }
        for c in StaffTable.columns { names[c.names[0]] = c.names.last }
        return names
    }()
}
