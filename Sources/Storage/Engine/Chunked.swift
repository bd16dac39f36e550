extension Array {
    /// The array in consecutive slices of at most `size` elements: how every store keeps a statement's binds under
    /// the engines' limits (SQLite 32,766, PostgreSQL 65,535).
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
