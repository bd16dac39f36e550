import CampusKit
import CheckIns
import Foundation
import Testing

@Suite("CheckInService.summary and the check-in it describes")
struct CheckInSummaryTests {
    @Test("Normal answers have no summary")
    func normal() {
        #expect(CheckInService.summary(Answers(temperature: 37.2)) == "")
    }

    @Test("Each reason is written in Chinese, in the rule's order, joined by full-width semicolons")
    func everyReason() throws {
        let answers = try Answers.validate(temperature: 38.24, symptoms: ["cough", "fever"], onCampus: true, city: nil,
                                           healthCode: "red", riskContact: true, remark: nil)
        #expect(CheckInService.summary(answers) == "体温 38.2℃；症状：发热、咳嗽；健康码 红码；有风险接触")
    }

    @Test("A single reason is written alone; a yellow code is 黄码")
    func singleReasons() {
        #expect(CheckInService.summary(Answers(temperature: 37.3)) == "体温 37.3℃")
        #expect(CheckInService.summary(Answers(temperature: 36.5, healthCode: .yellow)) == "健康码 黄码")
        #expect(CheckInService.summary(Answers(temperature: 36.5, healthCode: .red)) == "健康码 红码")
        #expect(CheckInService.summary(Answers(temperature: 36.5, riskContact: true)) == "有风险接触")
        #expect(CheckInService.summary(Answers(temperature: 36.5, symptoms: [.lossOfTasteSmell, .shortnessOfBreath]))
                == "症状：嗅味觉减退、气促")
    }

    @Test("Every symptom has its own Chinese name")
    func chineseNames() {
        let names = Symptom.allCases.map(\.chineseName)
        #expect(Set(names).count == Symptom.allCases.count)
        #expect(names == ["发热", "咳嗽", "咽痛", "乏力", "嗅味觉减退", "腹泻", "气促", "其他"])
    }

    @Test("A check-in takes its reasons from its answers and its receipt repeats them")
    func checkInReasons() throws {
        let day = try #require(CampusDay("2026-03-02"))
        let at = Date(timeIntervalSince1970: 1_772_416_800)
        let abnormal = CheckIn(id: "c1", studentNo: "2021000001", day: day, submittedAt: at,
                               answers: Answers(temperature: 38.0, healthCode: .yellow), late: true, submittedBy: "2021000001", channel: .page)
        #expect(abnormal.reasons == [.temperature, .healthCode])
        #expect(abnormal.abnormal)
        let receipt = Receipt(abnormal)
        #expect(receipt.id == "c1")
        #expect(receipt.studentNo == "2021000001")
        #expect(receipt.date == day)
        #expect(receipt.submittedAt == at)
        #expect(receipt.abnormal)
        #expect(receipt.reasons == [.temperature, .healthCode])
        #expect(receipt.late)
        let normal = CheckIn(id: "c2", studentNo: "2021000001", day: day, submittedAt: at, answers: Answers(temperature: 36.6),
                             late: false, submittedBy: "2021000001", channel: .api)
        #expect(!normal.abnormal)
        #expect(!Receipt(normal).abnormal)
    }
}
