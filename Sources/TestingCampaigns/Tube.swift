import CampusKit
import Foundation

/// What the lab found in a tube.
public enum TubeResult: String, Sendable, Codable, CaseIterable {
    case negative, positive, invalid

    /// Reads the words labs write: `negative`/`阴性`/`-`, `positive`/`阳性`/`+`, `invalid`/`无效`/`重采`.
    public init?(lab text: String) {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "negative", "neg", "阴性", "-": self = .negative
        case "positive", "pos", "阳性", "+": self = .positive
        case "invalid", "无效", "重采", "不合格": self = .invalid
        default: return nil
        }
    }
}

/// A tube's state: waiting for the lab, or its result.
public enum TubeStatus: String, Sendable, Codable, CaseIterable { case open, negative, positive, invalid }

/// One swab taken, as the sampling point sends it (CONTRACT.md `POST /api/v1/testing/samples`).
public struct SampleScan: Sendable, Equatable {
    public var campaignId: String
    public var tubeCode: String
    public var studentNo: String

    public init(campaignId: String, tubeCode: String, studentNo: String) {
        self.campaignId = campaignId
        self.tubeCode = tubeCode
        self.studentNo = studentNo
    }

    /// Tube barcodes: 1–40 letters, digits, `-` or `_`.
    public static func isTubeCode(_ code: String) -> Bool {
        !code.isEmpty && code.count <= 40 && code.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") }
    }

    public func validated() throws -> SampleScan {
        let copy = SampleScan(campaignId: campaignId.trimmingCharacters(in: .whitespaces), tubeCode: tubeCode.trimmingCharacters(in: .whitespaces),
                              studentNo: studentNo.trimmingCharacters(in: .whitespaces))
        var errors: [FieldError] = []
        if copy.campaignId.isEmpty { errors.append(FieldError(field: "campaignId", message: "请指定检测批次 (name the campaign)")) }
        if !Self.isTubeCode(copy.tubeCode) { errors.append(FieldError(field: "tubeCode", message: "试管条码应为 1–40 位字母、数字、- 或 _ (1–40 letters, digits, - or _)")) }
        if copy.studentNo.isEmpty || copy.studentNo.count > 40 { errors.append(FieldError(field: "studentNo", message: "请扫描或输入学号 (scan or type the student number)")) }
        guard errors.isEmpty else { throw DomainError(.invalid, "采样信息有误 (the sample is invalid)", fieldErrors: errors) }
        return copy
    }
}

/// The answer to a scan: where the swab went and whether the tube is now full.
public struct SampleReceipt: Sendable, Equatable {
    public var tubeCode: String
    /// 1-based place of the swab in the tube.
    public var position: Int
    public var tubeFull: Bool
    public var poolSize: Int
    public var studentName: String

    public init(tubeCode: String, position: Int, tubeFull: Bool, poolSize: Int, studentName: String) {
        self.tubeCode = tubeCode
        self.position = position
        self.tubeFull = tubeFull
        self.poolSize = poolSize
        self.studentName = studentName
    }
}

/// Why the store refused a scan; the service turns each into the error the sampler reads.
public enum SampleRefusal: Error, Sendable, Equatable {
    case unknownCampaign
    case campaignClosed
    case notExpected
    case alreadySampled(tube: String)
    case tubeFull(poolSize: Int)
    case tubeOfAnotherCampaign
    case tubeHasResult
}

/// One line of a lab's report.
public struct LabResult: Sendable, Equatable {
    public var tubeCode: String
    public var result: TubeResult

    public init(tubeCode: String, result: TubeResult) {
        self.tubeCode = tubeCode
        self.result = result
    }

    public static let batchLimit = 5_000

    /// Reads a lab's table (CSV rows, the first possibly a header): tube code, result. Every bad row is named by its
    /// number (1-based, as a spreadsheet shows it); nothing is returned unless every row is good.
    public static func parse(rows: [[String]]) throws -> [LabResult] {
        var rows = rows
        var first = 1
        if let header = rows.first, let cell = header.first?.trimmingCharacters(in: .whitespaces).lowercased(),
           ["tube", "tubecode", "tube_code", "tube code", "试管", "试管条码", "管码", "条码", "barcode"].contains(cell) {
            rows.removeFirst()
            first = 2
        }
        var errors: [RowError] = []
        var results: [LabResult] = []
        var seen: [String: (row: Int, result: TubeResult)] = [:]
        for (i, row) in rows.enumerated() {
            let number = i + first
            let cells = row.map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.allSatisfy(\.isEmpty) { continue }
            guard cells.count >= 2 else {
                errors.append(RowError(row: number, column: nil, message: "每行应有试管条码和结果两列 (a row needs the tube code and the result)"))
                continue
            }
            guard SampleScan.isTubeCode(cells[0]) else {
                errors.append(RowError(row: number, column: "tubeCode", message: "试管条码无效：\(cells[0].prefix(40)) (bad tube code)"))
                continue
            }
            guard let result = TubeResult(lab: cells[1]) else {
                errors.append(RowError(row: number, column: "result", message: "结果应为 阴性/阳性/无效 (negative, positive or invalid): \(cells[1].prefix(20))"))
                continue
            }
            if let earlier = seen[cells[0]] {
                if earlier.result != result {
                    errors.append(RowError(row: number, column: "result", message: "与第 \(earlier.row) 行同一试管结果不同 (differs from row \(earlier.row))"))
                }
                continue
            }
            seen[cells[0]] = (number, result)
            results.append(LabResult(tubeCode: cells[0], result: result))
        }
        if results.count > batchLimit {
            throw DomainError(.tooLarge, "一次最多上传 \(batchLimit) 管结果 (at most \(batchLimit) results at once)")
        }
        guard errors.isEmpty else {
            throw DomainError(.invalid, "结果文件有 \(errors.count) 行错误，未导入任何结果 (\(errors.count) bad rows; nothing applied)", rowErrors: errors)
        }
        guard !results.isEmpty else { throw DomainError.invalid("文件中没有结果 (the file has no results)", field: "file") }
        return results
    }
}

/// What applying a lab report did.
public struct ResultOutcome: Sendable, Equatable {
    /// Tubes whose result was recorded now (or was already the same).
    public var applied: Int
    /// Tube codes no campaign of the school knows.
    public var unknown: [String]
    /// Tubes that already had another result; left unchanged.
    public var conflicts: [String]
    /// Students whose tube was positive (now flagged for an individual retest with a case opened).
    public var flagged: [String]
    /// Students who must be sampled again (their tube was invalid).
    public var resample: [String]
    /// Retest campaigns created, one per positive pooled tube.
    public var retestCampaigns: [String]
    /// Students whose individual retest came back negative (their flag is cleared).
    public var cleared: [String]
    /// Students whose individual test was positive.
    public var confirmed: [String]

    public init(applied: Int = 0, unknown: [String] = [], conflicts: [String] = [], flagged: [String] = [], resample: [String] = [],
                retestCampaigns: [String] = [], cleared: [String] = [], confirmed: [String] = []) {
        self.applied = applied
        self.unknown = unknown
        self.conflicts = conflicts
        self.flagged = flagged
        self.resample = resample
        self.retestCampaigns = retestCampaigns
        self.cleared = cleared
        self.confirmed = confirmed
    }
}
