import CampusKit
import Foundation
import Notifications
import Roster

/// Something that opens a student's case or, when one of the same source is open, adds to it: an abnormal
/// check-in, a positive tube, a staff report.
public struct CaseEntry: Sendable, Equatable {
    public var studentNo: String
    public var source: Case.Source
    /// One line for the timeline and the notifications.
    public var summary: String
    /// Username of whoever caused it.
    public var by: String
    public var at: Date

    public init(studentNo: String, source: Case.Source, summary: String, by: String, at: Date) {
        self.studentNo = studentNo
        self.source = source
        self.summary = summary
        self.by = by
        self.at = at
    }
}

/// What raising an entry did to the student's case.
public struct RaisedCase: Sendable, Equatable {
    public var `case`: Case
    /// True when the entry opened the case; false when it was added to the open one.
    public var opened: Bool
    /// Who was told (usernames).
    public var told: [String]

    public init(case: Case, opened: Bool, told: [String]) {
        self.case = `case`
        self.opened = opened
        self.told = told
    }
}

extension CaseEvent.Kind {
    /// The timeline entry an entry makes: `opened` when it opened the case; on an open case a further abnormal
    /// check-in is a `checkin`, anything else a `note`.
    public static func entry(opened: Bool, source: Case.Source) -> CaseEvent.Kind {
        opened ? .opened : (source == .checkin ? .checkin : .note)
    }
}

/// Who hears of a student's case, whatever opened it: the student's counsellor and the leaders of the student's
/// building — never the person who caused the entry (they know).
public enum CaseAudience {
    public static func recipients(of student: Student, staff: [StaffMember], except author: String?) -> [String] {
        var recipients: [String] = []
        if let counsellor = student.counsellor, !counsellor.isEmpty { recipients.append(counsellor) }
        if let building = student.building {
            for member in staff where member.roles.contains(.buildingLeader) && member.scope.contains(building) {
                recipients.append(member.staffNo)
            }
        }
        var seen = Set<String>()
        return recipients.filter { $0 != author && seen.insert($0).inserted }
    }
}

/// What the people responsible read in their inbox about a case.
public enum CaseNotice {
    /// `post`: the entry's one post to the groups of the student's building and college (`post(for:student:)`),
    /// the same on every person's message of the entry, so each group hears of it once.
    public static func message(_ raised: Case, opened: Bool, summary: String, to recipient: String, id: String, at: Date,
                               post: GroupPost? = nil) -> InboxMessage {
        let name = raised.studentName.isEmpty ? raised.studentNo : raised.studentName
        let who = "\(name)（\(raised.studentNo)）"
        return InboxMessage(id: id, recipient: recipient, kind: .caseAlert, subject: (opened ? "新异常个案：" : "异常个案有新情况：") + who,
                            body: summary, link: "/cases/\(raised.id)", createdAt: at,
                            wording: Wording(opened ? "case_opened" : "case_update", ["name": name, "studentNo": raised.studentNo, "summary": summary]),
                            group: post)
    }

    /// One entry's post to the groups of the student's building and college, under a key of its own (two entries
    /// of a case in the same instant are two posts).
    public static func post(for caseId: String, student: Student?) -> GroupPost {
        let units = student.map { [$0.building, $0.college.isEmpty ? nil : $0.college].compactMap { $0 } } ?? []
        return GroupPost(key: "case-\(caseId)-\(UUID().uuidString.lowercased())", units: units)
    }

    /// The timeline's record of who was told: their names (their staff numbers when not on the staff roster).
    public static func toldDetail(_ recipients: [String], staff: [StaffMember]) -> String {
        let names = Dictionary(staff.map { ($0.staffNo, $0.name) }, uniquingKeysWith: { a, _ in a })
        return recipients.map { number in names[number].flatMap { $0.isEmpty ? nil : $0 } ?? number }.joined(separator: "、")
    }

    /// What a student who reported an abnormal check-in reads in their own inbox: that it reached the people
    /// responsible, and what to do until they hear from them.
    public static func advice(to studentNo: String, caseId: String, id: String, at: Date) -> InboxMessage {
        InboxMessage(id: id, recipient: studentNo, kind: .caseAlert, subject: "你的异常打卡已送达辅导员",
                     body: "辅导员和楼长已收到你今天的健康打卡情况，会尽快联系你。在此之前请留在宿舍、佩戴口罩、少与他人接触，"
                         + "每隔几小时量一次体温；如出现呼吸困难、胸痛或高烧不退，请立即联系校医院或拨打 120。",
                     link: "/inbox", createdAt: at, wording: Wording("case_advice"))
    }
}

extension DomainError {
    /// Two writers raced on one case and this one found it neither open nor new; trying again settles it.
    public static let caseChanging = DomainError(.conflict, "个案状态正在变化，请重试 (the case changed; try again)")
    public static let noSuchCase = DomainError.notFound("没有这个异常个案 (no such case)")
}
