import CampusKit
import Foundation

/// What an investigator asks: whose contacts, over which window, by which thresholds (the contract's parameters).
public struct InvestigationRequest: Sendable, Equatable, Codable {
    public var indexStudentNo: String
    public var from: Date
    public var to: Date
    public var minOverlapMinutes: Int
    public var includeFloor: Bool
    public var depth: Int

    public init(indexStudentNo: String, from: Date, to: Date, minOverlapMinutes: Int = 15, includeFloor: Bool = false, depth: Int = 2) {
        self.indexStudentNo = indexStudentNo
        self.from = from
        self.to = to
        self.minOverlapMinutes = minOverlapMinutes
        self.includeFloor = includeFloor
        self.depth = depth
    }

    /// The longest window one investigation covers.
    public static let longestWindow: TimeInterval = 30 * 86_400

    /// Every problem, by field: `from` after `to`, a window over 30 days, thresholds out of range.
    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if indexStudentNo.isEmpty { errors.append(FieldError(field: "indexStudentNo", message: "请填写学号 (required)")) }
        if from >= to { errors.append(FieldError(field: "from", message: "起始时间应早于结束时间 (from must be before to)")) }
        else if to.timeIntervalSince(from) > Self.longestWindow {
            errors.append(FieldError(field: "to", message: "时间窗最长 30 天 (the window is at most 30 days)"))
        }
        if !(1...1440).contains(minOverlapMinutes) {
            errors.append(FieldError(field: "minOverlapMinutes", message: "应为 1 到 1440 分钟 (1–1440 minutes)"))
        }
        if !(1...2).contains(depth) { errors.append(FieldError(field: "depth", message: "应为 1 或 2 (must be 1 or 2)")) }
        return errors
    }

    public var window: DateInterval { DateInterval(start: from, end: max(from, to)) }
}
