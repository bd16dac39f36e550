import CampusKit
import Foundation

/// A pattern in a student's check-ins that looks automated (scripts that auto-submit 今日校园 forms are common).
/// Signals are for staff review; nothing is ever blocked because of one.
public struct IntegritySignal: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// One client (address and user agent) submitted for several students within minutes.
        case sharedClient = "shared_client"
        /// Every day the same answers at nearly the same second of the day, like a timer.
        case clockwork
        /// The form was sent faster than a person can read it, on several days.
        case tooFast = "too_fast"
    }
    public var studentNo: String
    public var kind: Kind
    /// How many check-ins show the pattern.
    public var occurrences: Int
    /// One sentence of evidence (who else, which times).
    public var detail: String
    public init(studentNo: String, kind: Kind, occurrences: Int, detail: String) {
        self.studentNo = studentNo
        self.kind = kind
        self.occurrences = occurrences
        self.detail = detail
    }
}

/// Finds integrity signals in a set of submissions. Only the students' own submissions (page or API) are looked
/// at; staff entering for a student (代报) and integrations submit for many students by design.
public struct IntegrityReview: Sendable {
    /// Distinct students from one client within `sharedClientWindow` before it is a signal.
    public var sharedClientStudents = 5
    public var sharedClientWindow: TimeInterval = 600
    /// Days (at least) on which the same answers came within `clockworkSpread` seconds of the same time of day.
    public var clockworkDays = 5
    public var clockworkSpread: TimeInterval = 120
    /// A form sent within this many seconds of being shown is too fast, on at least `tooFastDays` days.
    public var tooFastSeconds: Double = 1.0
    public var tooFastDays = 3

    public init() {}

    public func signals(in submissions: [CheckIn], timeZone: TimeZone) -> [IntegritySignal] {
        let own = submissions.filter { $0.channel == .page || $0.channel == .api }
        return (sharedClients(own) + clockwork(own, timeZone: timeZone) + tooFast(own))
            .sorted { ($0.studentNo, $0.kind.rawValue) < ($1.studentNo, $1.kind.rawValue) }
    }

    /// Slides a window over each client's submissions; every student inside a window with enough distinct students is flagged.
    func sharedClients(_ own: [CheckIn]) -> [IntegritySignal] {
        let byClient = Dictionary(grouping: own.filter { $0.client.address != nil }) { "\($0.client.address!)|\($0.client.userAgent ?? "")" }
        var flagged: [String: (count: Int, others: Set<String>, client: String)] = [:]
        for (client, list) in byClient {
            let sorted = list.sorted { $0.submittedAt < $1.submittedAt }
            var start = 0
            for end in sorted.indices {
                while sorted[end].submittedAt.timeIntervalSince(sorted[start].submittedAt) > sharedClientWindow { start += 1 }
                let window = sorted[start...end]
                let students = Set(window.map(\.studentNo))
                guard students.count >= sharedClientStudents else { continue }
                for c in window {
                    var entry = flagged[c.studentNo] ?? (0, [], client)
                    entry.others.formUnion(students.subtracting([c.studentNo]))
                    flagged[c.studentNo] = entry
                }
            }
        }
        // Count each student's check-ins from the flagged client once.
        return flagged.map { student, entry in
            let count = byClient[entry.client]?.filter { $0.studentNo == student }.count ?? 0
            let address = entry.client.split(separator: "|", maxSplits: 1).first.map(String.init) ?? ""
            return IntegritySignal(studentNo: student, kind: .sharedClient, occurrences: count,
                                   detail: "同一设备（\(address)）在 10 分钟内为 \(entry.others.count + 1) 名学生打卡，另有：\(entry.others.sorted().prefix(5).joined(separator: "、"))")
        }
    }

    /// The counted check-ins of each student, one a day: identical answers at a near-constant time of day.
    func clockwork(_ own: [CheckIn], timeZone: TimeZone) -> [IntegritySignal] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        func secondOfDay(_ d: Date) -> Double {
            let c = calendar.dateComponents([.hour, .minute, .second], from: d)
            return Double((c.hour ?? 0) * 3600 + (c.minute ?? 0) * 60 + (c.second ?? 0))
        }
        return Dictionary(grouping: own.filter(\.counted), by: \.studentNo).compactMap { student, list in
            guard list.count >= clockworkDays, Set(list.map(\.answers.fingerprint)).count == 1 else { return nil }
            let seconds = list.map { secondOfDay($0.submittedAt) }
            guard let low = seconds.min(), let high = seconds.max(), high - low <= clockworkSpread else { return nil }
            let at = Int(low)
            let clock = String(format: "%02d:%02d:%02d", at / 3600, at / 60 % 60, at % 60)
            return IntegritySignal(studentNo: student, kind: .clockwork, occurrences: list.count,
                                   detail: "连续 \(list.count) 天答案完全相同，提交时间都在 \(clock) 前后 \(Int(high - low)) 秒内")
        }
    }

    func tooFast(_ own: [CheckIn]) -> [IntegritySignal] {
        Dictionary(grouping: own.filter { ($0.client.formSeconds ?? .infinity) < tooFastSeconds }, by: \.studentNo).compactMap { student, list in
            let days = Set(list.map(\.day)).count
            guard days >= tooFastDays else { return nil }
            return IntegritySignal(studentNo: student, kind: .tooFast, occurrences: list.count,
                                   detail: "\(days) 天里表单打开后不到 \(String(format: "%.0f", tooFastSeconds)) 秒即提交")
        }
    }
}
