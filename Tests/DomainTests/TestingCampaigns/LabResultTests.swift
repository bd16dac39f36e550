import CampusKit
import Foundation
import TestingCampaigns
import Testing

@Suite("LabResult: reading a lab's report")
struct LabResultTests {
    static func refusal(_ rows: [[String]]) throws -> DomainError {
        try #require(throws: DomainError.self) { try LabResult.parse(rows: rows) }
    }

    @Test("Rows without a header are read in order, with the lab's words for each result")
    func noHeader() throws {
        let results = try LabResult.parse(rows: [["T001", "阴性"], ["T002", "阳性"], ["T003", "无效"], [" T004 ", " negative "],
                                                 ["T005", "+"], ["T006", "-"], ["T007", "POSITIVE"], ["T008", "重采"], ["T009", "不合格"],
                                                 ["T010", "neg"], ["T011", "Pos"], ["T012", "Invalid"]])
        #expect(results == [
            LabResult(tubeCode: "T001", result: .negative), LabResult(tubeCode: "T002", result: .positive),
            LabResult(tubeCode: "T003", result: .invalid), LabResult(tubeCode: "T004", result: .negative),
            LabResult(tubeCode: "T005", result: .positive), LabResult(tubeCode: "T006", result: .negative),
            LabResult(tubeCode: "T007", result: .positive), LabResult(tubeCode: "T008", result: .invalid),
            LabResult(tubeCode: "T009", result: .invalid), LabResult(tubeCode: "T010", result: .negative),
            LabResult(tubeCode: "T011", result: .positive), LabResult(tubeCode: "T012", result: .invalid),
        ])
    }

    @Test("A header row is recognised in English or Chinese and skipped", arguments: [
        ["tubeCode", "result"], ["Tube Code", "Result"], ["TUBE", "result"], ["tube_code", "x"], ["barcode", "结果"],
        ["试管条码", "检测结果"], ["试管", "结果"], ["管码", "结果"], ["条码", "结果"], [" 试管条码 ", "结果"],
    ])
    func header(header: [String]) throws {
        let results = try LabResult.parse(rows: [header, ["T001", "阴性"], ["T002", "阳性"]])
        #expect(results == [LabResult(tubeCode: "T001", result: .negative), LabResult(tubeCode: "T002", result: .positive)])
    }

    @Test("A first row that is not a known header is data: a bad one is row 1")
    func unknownHeaderIsData() throws {
        let error = try Self.refusal([["样本编号", "结果"], ["T001", "阴性"]])
        #expect(error.kind == .invalid)
        #expect(error.rowErrors.map(\.row) == [1])
        #expect(error.rowErrors.first?.column == "tubeCode")
    }

    @Test("Blank rows are skipped without shifting the numbers of later rows")
    func blankRows() throws {
        let results = try LabResult.parse(rows: [["试管条码", "结果"], ["", ""], ["T001", "阴性"], [], ["  ", " "], ["T002", "阳性"]])
        #expect(results.map(\.tubeCode) == ["T001", "T002"])
        // Row 6 (after the header and blank rows) is the bad one.
        let error = try Self.refusal([["试管条码", "结果"], ["", ""], ["T001", "阴性"], [], ["  ", " "], ["T002", "maybe"]])
        #expect(error.rowErrors.map(\.row) == [6])
    }

    @Test("Bad rows are named by their 1-based number with a header: too few cells, a bad code, a bad result")
    func badRowsWithHeader() throws {
        let error = try Self.refusal([
            ["tube", "result"],     // 1
            ["T001", "阴性"],        // 2 good
            ["T002"],               // 3 one cell
            ["T 003", "阴性"],       // 4 bad code
            ["T004", "弱阳"],        // 5 bad result
            ["T005", ""],           // 6 empty result
            ["", "阳性"],            // 7 no code
            ["T008", "阳性"],        // 8 good
        ])
        #expect(error.kind == .invalid)
        #expect(error.rowErrors.map(\.row) == [3, 4, 5, 6, 7])
        #expect(error.rowErrors.map(\.column) == [nil, "tubeCode", "result", "result", "tubeCode"])
    }

    @Test("Without a header the first row is row 1")
    func badRowsWithoutHeader() throws {
        let error = try Self.refusal([["T001", "阴性"], ["T002", "??"], ["T003", "阳性"], ["试管#4", "阴性"]])
        #expect(error.rowErrors.map(\.row) == [2, 4])
        #expect(error.rowErrors.map(\.column) == ["result", "tubeCode"])
    }

    @Test("A tube listed twice with the same result is read once")
    func duplicateSame() throws {
        let results = try LabResult.parse(rows: [["T001", "阴性"], ["T002", "阳性"], ["T001", "negative"], ["T002", "+"]])
        #expect(results == [LabResult(tubeCode: "T001", result: .negative), LabResult(tubeCode: "T002", result: .positive)])
    }

    @Test("A tube listed twice with different results names the later row; nothing is returned")
    func duplicateConflict() throws {
        let error = try Self.refusal([["tube", "result"], ["T001", "阴性"], ["T002", "阴性"], ["T001", "阳性"]])
        #expect(error.kind == .invalid)
        #expect(error.rowErrors == [RowError(row: 4, column: "result", message: error.rowErrors.first?.message ?? "")])
        #expect(error.rowErrors.first?.message.contains("2") == true)
    }

    @Test("Extra cells after the result are ignored")
    func extraCells() throws {
        #expect(try LabResult.parse(rows: [["T001", "阴性", "2026-11-20", "备注"]]) == [LabResult(tubeCode: "T001", result: .negative)])
    }

    @Test("A file with no results is refused naming `file`", arguments: [[[String]](), [["tube", "result"]], [["", ""], []]])
    func emptyFile(rows: [[String]]) throws {
        let error = try Self.refusal(rows)
        #expect(error.kind == .invalid)
        #expect(TestingTestData.fields(error) == ["file"])
    }

    @Test("More than 5,000 results is .tooLarge; exactly 5,000 is read")
    func batchLimit() throws {
        let rows = (0...LabResult.batchLimit).map { ["T\($0)", "阴性"] }
        #expect(rows.count == 5001)
        #expect(try Self.refusal(rows).kind == .tooLarge)
        #expect(try LabResult.parse(rows: Array(rows.prefix(5000))).count == 5000)
        // A header does not count: 5,000 results under a header are read.
        #expect(try LabResult.parse(rows: [["tube", "result"]] + Array(rows.prefix(5000))).count == 5000)
        // Repeated tubes count once.
        #expect(try LabResult.parse(rows: Array(rows.prefix(5000)) + [["T0", "阴性"]]).count == 5000)
    }

    @Test("TubeResult reads lab words and refuses others")
    func tubeResultWords() {
        #expect(TubeResult(lab: " 阴性 ") == .negative)
        #expect(TubeResult(lab: "阳性") == .positive)
        #expect(TubeResult(lab: "无效") == .invalid)
        for word in ["", "弱阳性", "unknown", "0", "1", "++"] { #expect(TubeResult(lab: word) == nil, "\(word)") }
    }
}

@Suite("SampleScan: one swab as the sampling point sends it")
struct SampleScanTests {
    @Test("Tube codes are 1–40 ASCII letters, digits, - or _", arguments: [
        ("T001", true), ("a", true), ("A-1_b", true), (String(repeating: "9", count: 40), true), ("2026-11-20_N-0001", true),
        ("", false), (String(repeating: "9", count: 41), false), ("T 001", false), ("T.001", false), ("管001", false),
        ("Ｔ001", false), ("T001\n", false), ("T/1", false), ("é1", false), ("T#1", false), ("١٢٣", false),
    ])
    func tubeCode(code: String, ok: Bool) {
        #expect(SampleScan.isTubeCode(code) == ok)
    }

    @Test("A scan is trimmed")
    func trimmed() throws {
        let scan = try SampleScan(campaignId: " c-1 ", tubeCode: " T001 ", studentNo: " 2021010101 ").validated()
        #expect(scan == SampleScan(campaignId: "c-1", tubeCode: "T001", studentNo: "2021010101"))
    }

    @Test("Each bad field is named; all at once")
    func badFields() throws {
        func fields(_ scan: SampleScan) throws -> [String] {
            let error = try #require(throws: DomainError.self) { try scan.validated() }
            #expect(error.kind == .invalid)
            return TestingTestData.fields(error)
        }
        #expect(try fields(SampleScan(campaignId: "  ", tubeCode: "T001", studentNo: "S1")) == ["campaignId"])
        #expect(try fields(SampleScan(campaignId: "c", tubeCode: "T 1", studentNo: "S1")) == ["tubeCode"])
        #expect(try fields(SampleScan(campaignId: "c", tubeCode: "", studentNo: "S1")) == ["tubeCode"])
        #expect(try fields(SampleScan(campaignId: "c", tubeCode: "T1", studentNo: " ")) == ["studentNo"])
        #expect(try fields(SampleScan(campaignId: "c", tubeCode: "T1", studentNo: String(repeating: "1", count: 41))) == ["studentNo"])
        #expect(try SampleScan(campaignId: "c", tubeCode: "T1", studentNo: String(repeating: "1", count: 40)).validated().studentNo.count == 40)
        #expect(try fields(SampleScan(campaignId: "", tubeCode: "管", studentNo: "")) == ["campaignId", "tubeCode", "studentNo"])
    }
}
