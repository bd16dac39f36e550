import CampusKit
import Foundation
import Testing
import TestingCampaigns

@Suite("Lab report rules: sorting a report against the tubes, and what moved tubes set in motion")
struct LabReportTests {
    static let stored: [String: StoredTube] = [
        "P1": StoredTube(code: "P1", status: .open, poolSize: 10), "P2": StoredTube(code: "P2", status: .open, poolSize: 10),
        "I1": StoredTube(code: "I1", status: .open, poolSize: 1), "I2": StoredTube(code: "I2", status: .open, poolSize: 1),
        "DONE": StoredTube(code: "DONE", status: .negative, poolSize: 10), "BAD": StoredTube(code: "BAD", status: .positive, poolSize: 10),
    ]

    @Test("Unknown codes are listed, a tube already carrying the result counts as applied, another result is a conflict, open tubes move; the first line of a tube counts")
    func sort() {
        let sorting = LabReport.sort([LabResult(tubeCode: "P1", result: .positive), LabResult(tubeCode: "X", result: .negative),
                                      LabResult(tubeCode: "DONE", result: .negative), LabResult(tubeCode: "BAD", result: .negative),
                                      LabResult(tubeCode: "P2", result: .negative), LabResult(tubeCode: "P1", result: .positive),
                                      LabResult(tubeCode: "I1", result: .negative)], stored: Self.stored)
        #expect(sorting.unknown == ["X"])
        #expect(sorting.alreadyApplied == 1)
        #expect(sorting.conflicts == ["BAD"])
        #expect(sorting.moves == [.positive: ["P1"], .negative: ["P2", "I1"]])
    }

    @Test("A tube another report moved first: the same result counts as applied, another is a conflict")
    func settle() {
        var sorting = LabReport.Sorting()
        LabReport.settle(.positive, lost: ["A": .positive, "B": .negative, "C": .invalid], into: &sorting)
        #expect(sorting.alreadyApplied == 1)
        #expect(sorting.conflicts == ["B", "C"])
    }

    @Test("Individual negatives clear flags; invalid tubes void and resample; individual positives confirm; pooled positives retest their members")
    func consequences() {
        let members = ["P1": ["S1", "S2"], "P2": ["S3"], "I1": ["S4"], "I2": ["S5"], "V": ["S6", "S7"]]
        let stored = Self.stored.merging(["V": StoredTube(code: "V", status: .open, poolSize: 10)]) { a, _ in a }
        let effects = LabReport.consequences(moved: [.negative: ["P2", "I1"], .invalid: ["V"], .positive: ["I2", "P1"]], stored: stored, members: members)
        #expect(effects == [
            .clearFlags(students: ["S4"]),
            .void(tubes: ["V"], students: ["S6", "S7"]),
            .confirm(tube: "I2", student: "S5"),
            .retest(tube: "P1", students: ["S1", "S2"]),
        ])
    }

    @Test("A pooled negative sets nothing in motion; a positive tube without members is skipped; nothing moved, nothing happens")
    func quiet() {
        #expect(LabReport.consequences(moved: [.negative: ["P1"]], stored: Self.stored, members: ["P1": ["S1"]]).isEmpty)
        #expect(LabReport.consequences(moved: [.positive: ["P2"]], stored: Self.stored, members: [:]).isEmpty)
        #expect(LabReport.consequences(moved: [:], stored: Self.stored, members: [:]).isEmpty)
    }

    @Test("Case lines name the tube (and, pooled, how many were in it)")
    func wording() {
        #expect(LabReport.confirmedSummary(tube: "I2").contains("I2"))
        #expect(LabReport.pooledSummary(tube: "P1", members: 7).contains("P1"))
        #expect(LabReport.pooledSummary(tube: "P1", members: 7).contains("7 人"))
        #expect(LabReport.retestName(tube: "P1").contains("P1"))
    }
}
