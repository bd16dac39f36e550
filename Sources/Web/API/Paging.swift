import CampusKit
import Foundation

/// `limit` and `cursor` of every list (CONTRACT.md): limit 1–1000, default 100; cursors are opaque.
enum Paging {
    static func request(limit: Int?, cursor: String?) throws -> PageRequest {
        if let limit, !(1...PageRequest.maximumLimit).contains(limit) {
            throw DomainError.invalid("limit 应为 1 到 \(PageRequest.maximumLimit) 的整数 (limit must be 1–1000)", field: "limit")
        }
        var after: String?
        if let cursor, !cursor.isEmpty {
            guard let key = decode(cursor) else { throw DomainError.invalid("cursor 无效 (unknown cursor)", field: "cursor") }
            after = key
        }
        return PageRequest(limit: limit ?? PageRequest.defaultLimit, after: after)
    }

    static func cursor(for key: String) -> String {
        Data(key.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ cursor: String) -> String? {
        var b = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b.count % 4 != 0 { b += "=" }
        return Data(base64Encoded: b).flatMap { String(data: $0, encoding: .utf8) }
    }
}
