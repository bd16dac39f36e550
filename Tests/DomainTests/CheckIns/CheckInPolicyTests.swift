import CampusKit
import CheckIns
import Foundation
import Testing

@Suite("CheckInPolicy: parsing the timetable, clock texts, lateness in school time")
struct CheckInPolicyTests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    static let utc = TimeZone(identifier: "UTC")!

    static func badFields(opensAt: String = "06:00", cutoff: String = "10:00", reminders: [String] = ["08:00"],
                          reportDeadline: String = "18:00") throws -> [String] {
        let error = try #require(throws: DomainError.self) {
            try CheckInPolicy.parse(opensAt: opensAt, cutoff: cutoff, reminders: reminders, reportDeadline: reportDeadline)
        }
        #expect(error.kind == .invalid)
        return error.fieldErrors.map(\.field)
    }

    /// An instant given as UTC text.
    static func utcInstant(_ text: String) throws -> Date {
        try #require(try? Date(text, strategy: .iso8601))
    }

    @Test("A valid timetable is parsed to minutes, reminders sorted; the standard one reads 06:00, 10:00, 08:00 and 09:30, 18:00")
    func parsesValid() throws {
        let policy = try CheckInPolicy.parse(opensAt: "06:00", cutoff: "10:00", reminders: ["09:30", "08:00"], reportDeadline: "18:00")
        #expect(policy == CheckInPolicy.standard)
        #expect(policy.opensAt == 360)
        #expect(policy.cutoff == 600)
        #expect(policy.reminders == [480, 570])
        #expect(policy.reportDeadline == 1080)
        let noReminders = try CheckInPolicy.parse(opensAt: "00:00", cutoff: "23:58", reminders: [], reportDeadline: "23:59")
        #expect(noReminders == CheckInPolicy(opensAt: 0, cutoff: 1438, reminders: [], reportDeadline: 1439))
    }

    @Test("Each field that is not HH:MM is named, reminders by index")
    func namesMalformedFields() throws {
        #expect(try Self.badFields(opensAt: "6:00", cutoff: "24:00", reminders: ["08:00", "8"], reportDeadline: "18:60")
                == ["opensAt", "cutoff", "reminders[1]", "reportDeadline"])
        #expect(try Self.badFields(opensAt: "") == ["opensAt"])
        #expect(try Self.badFields(cutoff: "10:00:00") == ["cutoff"])
    }

    @Test("The cutoff must come after the opening")
    func cutoffAfterOpening() throws {
        #expect(try Self.badFields(opensAt: "10:00", cutoff: "10:00", reminders: []) == ["cutoff"])
        #expect(try Self.badFields(opensAt: "11:00", cutoff: "10:00", reminders: []) == ["cutoff"])
    }

    @Test("Reminders fall from the opening up to, not at, the cutoff")
    func remindersInWindow() throws {
        #expect(try Self.badFields(reminders: ["05:59", "06:00", "09:59", "10:00"]) == ["reminders[0]", "reminders[3]"])
    }

    @Test("A reminder outside the window is named by its own index even when an earlier reminder is malformed")
    func reminderIndexAfterMalformed() throws {
        #expect(try Self.badFields(reminders: ["8点", "11:00"]) == ["reminders[0]", "reminders[1]"])
    }

    @Test("The report deadline must come after the cutoff")
    func deadlineAfterCutoff() throws {
        #expect(try Self.badFields(reportDeadline: "10:00") == ["reportDeadline"])
        #expect(try Self.badFields(reportDeadline: "09:00") == ["reportDeadline"])
        #expect(try CheckInPolicy.parse(opensAt: "06:00", cutoff: "10:00", reminders: [], reportDeadline: "10:01").reportDeadline == 601)
    }

    @Test("HH:MM texts become minutes after midnight")
    func minutes() {
        #expect(CheckInPolicy.minutes("00:00") == 0)
        #expect(CheckInPolicy.minutes("09:30") == 570)
        #expect(CheckInPolicy.minutes("23:59") == 1439)
    }

    @Test("Anything but two digits, a colon and two digits within a day is refused",
          arguments: ["24:00", "12:60", "9:30", "09:3", "0930", "09:30:00", "", ":", "-1:00", "ab:cd", "09-30", " 9:30"])
    func minutesRefused(text: String) {
        #expect(CheckInPolicy.minutes(text) == nil)
    }

    @Test("Signs are not digits: +9:00 and 09:+5 are refused")
    func minutesRefuseSigns() {
        #expect(CheckInPolicy.minutes("+9:00") == nil)
        #expect(CheckInPolicy.minutes("09:+5") == nil)
    }

    @Test("clock writes HH:MM with leading zeros and minutes reads every one of them back")
    func clockRoundTrip() {
        #expect(CheckInPolicy.clock(0) == "00:00")
        #expect(CheckInPolicy.clock(5) == "00:05")
        #expect(CheckInPolicy.clock(570) == "09:30")
        #expect(CheckInPolicy.clock(600) == "10:00")
        #expect(CheckInPolicy.clock(1439) == "23:59")
        for m in 0..<(24 * 60) where CheckInPolicy.minutes(CheckInPolicy.clock(m)) != m {
            Issue.record("\(m) → \(CheckInPolicy.clock(m)) does not read back")
        }
    }

    @Test("instant is the given minute of the day in the school's time zone")
    func instant() throws {
        let day = try #require(CampusDay("2026-03-02"))
        #expect(CheckInPolicy.instant(day, minutes: 600, in: Self.shanghai) == (try Self.utcInstant("2026-03-02T02:00:00Z")))
        #expect(CheckInPolicy.instant(day, minutes: 0, in: Self.shanghai) == (try Self.utcInstant("2026-03-01T16:00:00Z")))
        #expect(CheckInPolicy.instant(day, minutes: 600, in: Self.utc) == (try Self.utcInstant("2026-03-02T10:00:00Z")))
        let at = CheckInPolicy.instant(day, minutes: 1439, in: Self.shanghai)
        #expect(CampusDay(at, in: Self.shanghai) == day)
        #expect(CheckInPolicy.minuteOfDay(at, in: Self.shanghai) == 1439)
    }

    @Test("A check-in is late from the cutoff minute on, in Asia/Shanghai time")
    func lateAtCutoff() throws {
        let policy = CheckInPolicy.standard
        let day = try #require(CampusDay("2026-03-02"))
        let cutoff = CheckInPolicy.instant(day, minutes: policy.cutoff, in: Self.shanghai)
        #expect(cutoff == (try Self.utcInstant("2026-03-02T02:00:00Z")))
        #expect(!policy.isLate(cutoff.addingTimeInterval(-60), in: Self.shanghai))
        #expect(!policy.isLate(cutoff.addingTimeInterval(-1), in: Self.shanghai))
        #expect(policy.isLate(cutoff, in: Self.shanghai))
        #expect(policy.isLate(cutoff.addingTimeInterval(59), in: Self.shanghai))
        #expect(policy.isLate(CheckInPolicy.instant(day, minutes: 1439, in: Self.shanghai), in: Self.shanghai))
        #expect(!policy.isLate(CheckInPolicy.instant(day, minutes: policy.opensAt, in: Self.shanghai), in: Self.shanghai))
        // The same instant is 02:00 in UTC: the school's time zone decides, not the server's.
        #expect(!policy.isLate(cutoff, in: Self.utc))
    }

    @Test("A custom cutoff moves the late mark")
    func customCutoff() throws {
        let policy = try CheckInPolicy.parse(opensAt: "07:00", cutoff: "09:15", reminders: [], reportDeadline: "17:00")
        let day = try #require(CampusDay("2026-03-02"))
        #expect(!policy.isLate(CheckInPolicy.instant(day, minutes: 9 * 60 + 14, in: Self.shanghai), in: Self.shanghai))
        #expect(policy.isLate(CheckInPolicy.instant(day, minutes: 9 * 60 + 15, in: Self.shanghai), in: Self.shanghai))
    }
}

@Suite("CheckInPolicy: a cutoff before the opening with reminders")
struct CheckInPolicyInvertedWindowTests {
    @Test("A cutoff before the opening is refused with its reminders, and never traps")
    func invertedWindow() {
        do {
            _ = try CheckInPolicy.parse(opensAt: "06:00", cutoff: "05:00", reminders: ["08:00"], reportDeadline: "18:00")
            Issue.record("an inverted window was accepted")
        } catch let error as DomainError {
            #expect(error.fieldErrors.map(\.field) == ["cutoff", "reminders[0]"])
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
