import CampusKit
import CheckIns
import Foundation
import Testing

@Suite("Integrity review: patterns that look automated, never a block")
struct IntegrityReviewTests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    /// 2026-11-20 00:00 in Shanghai.
    static let start = Date(timeIntervalSince1970: 1_795_104_000)

    static func checkIn(_ student: String, at: Date, answers: Answers = Answers(temperature: 36.5), channel: CheckIn.Channel = .api,
                        address: String? = "10.0.0.9", agent: String = "python-requests/2.31", formSeconds: Double? = nil) -> CheckIn {
        CheckIn(id: UUID().uuidString, studentNo: student, day: CampusDay(at, in: shanghai), submittedAt: at, answers: answers, late: false,
                submittedBy: student, channel: channel, client: ClientInfo(address: address, userAgent: agent, formSeconds: formSeconds))
    }

    @Test("Five students from one client within ten minutes are each flagged; four are not")
    func sharedClient() {
        let base = Self.start.addingTimeInterval(7 * 3600)
        let five = (1...5).map { Self.checkIn("S\($0)", at: base.addingTimeInterval(Double($0) * 60)) }
        let signals = IntegrityReview().signals(in: five, timeZone: Self.shanghai)
        #expect(signals.map(\.studentNo) == ["S1", "S2", "S3", "S4", "S5"])
        #expect(signals.allSatisfy { $0.kind == .sharedClient && $0.occurrences == 1 })
        #expect(signals.first?.detail.contains("为 5 名学生打卡") == true)
        #expect(IntegrityReview().signals(in: Array(five.prefix(4)), timeZone: Self.shanghai).isEmpty)
        // The same five spread over an hour, or from different devices, are people, not a script.
        let spread = (1...5).map { Self.checkIn("S\($0)", at: base.addingTimeInterval(Double($0) * 900)) }
        #expect(IntegrityReview().signals(in: spread, timeZone: Self.shanghai).isEmpty)
        let devices = (1...5).map { Self.checkIn("S\($0)", at: base.addingTimeInterval(Double($0) * 60), agent: "Phone \($0)") }
        #expect(IntegrityReview().signals(in: devices, timeZone: Self.shanghai).isEmpty)
        // A counsellor entering for her students (代报) is not a script.
        let staff = (1...5).map { Self.checkIn("S\($0)", at: base.addingTimeInterval(Double($0) * 60), channel: .staff) }
        #expect(IntegrityReview().signals(in: staff, timeZone: Self.shanghai).isEmpty)
    }

    @Test("The same answers at the same second of the day on five days is clockwork; a person's spread of minutes is not")
    func clockwork() {
        let timer = (0..<5).map { Self.checkIn("S1", at: Self.start.addingTimeInterval(Double($0) * 86_400 + 7 * 3600 + Double($0 % 2) * 30), address: nil) }
        let signals = IntegrityReview().signals(in: timer, timeZone: Self.shanghai)
        #expect(signals == [IntegritySignal(studentNo: "S1", kind: .clockwork, occurrences: 5, detail: "连续 5 天答案完全相同，提交时间都在 07:00:00 前后 30 秒内")])
        #expect(IntegrityReview().signals(in: Array(timer.prefix(4)), timeZone: Self.shanghai).isEmpty, "four days are not enough")
        let person = (0..<5).map { Self.checkIn("S2", at: Self.start.addingTimeInterval(Double($0) * 86_400 + 7 * 3600 + Double($0) * 400), address: nil) }
        #expect(IntegrityReview().signals(in: person, timeZone: Self.shanghai).isEmpty)
        var varied = timer
        varied[2].answers = Answers(temperature: 36.7)
        #expect(IntegrityReview().signals(in: varied, timeZone: Self.shanghai).isEmpty, "answers that change are not a timer's")
    }

    @Test("Forms sent within a second of being shown on three days are too fast")
    func tooFast() {
        let fast = (0..<3).map { Self.checkIn("S1", at: Self.start.addingTimeInterval(Double($0) * 86_400 + 8 * 3600 + Double($0) * 900),
                                             channel: .page, address: nil, formSeconds: 0.3) }
        #expect(IntegrityReview().signals(in: fast, timeZone: Self.shanghai).map(\.kind) == [.tooFast])
        var human = fast
        human[1].client.formSeconds = 4
        #expect(IntegrityReview().signals(in: human, timeZone: Self.shanghai).isEmpty)
    }
}
