import CampusKit
import Foundation

/// Heads as exported for an outside anchor: `[{"school": "main", "seq": 42, "hash": "…", "at": "2026-…Z"}]`.
public enum AuditHeadJSON {
    private struct Wire: Codable {
        var school: String
        var seq: Int
        var hash: String
        var at: String
    }

    public static func encode(_ heads: [AuditHead]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(heads.map { Wire(school: $0.school.rawValue, seq: $0.seq, hash: $0.hash, at: format($0.at)) })
    }

    /// Accepts the exported array or a single head object.
    public static func decode(_ data: Data) throws -> [AuditHead] {
        let decoder = JSONDecoder()
        let wires: [Wire]
        if let many = try? decoder.decode([Wire].self, from: data) { wires = many } else { wires = [try decoder.decode(Wire.self, from: data)] }
        return try wires.map { wire in
            guard let at = parse(wire.at) else {
                throw DomainError.invalid("锚定的时间无法识别 (the anchor's time is not RFC 3339): \(wire.at)", field: "at")
            }
            return AuditHead(school: SchoolID(wire.school), seq: wire.seq, hash: wire.hash, at: at)
        }
    }

    static func format(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }

    static func parse(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: text)
    }
}
