import CampusKit
import Foundation

/// How far a campaign has come (应检尽检), counting students (CONTRACT.md `GET …/coverage`).
public struct Coverage: Sendable, Equatable {
    public enum GroupBy: String, Sendable, CaseIterable { case building, floor, `class` }

    public struct Counts: Sendable, Equatable {
        /// Students who should be tested (exempted students are not).
        public var expected: Int
        /// Of them, sampled (a swab in a tube that was not found invalid).
        public var sampled: Int
        public var negative: Int
        public var positive: Int
        /// Sampled, no result yet.
        public var pending: Int
        public var exempt: Int

        public init(expected: Int = 0, sampled: Int = 0, negative: Int = 0, positive: Int = 0, pending: Int = 0, exempt: Int = 0) {
            self.expected = expected
            self.sampled = sampled
            self.negative = negative
            self.positive = positive
            self.pending = pending
            self.exempt = exempt
        }

        public var missing: Int { max(0, expected - sampled) }
        /// Sampled out of expected, 0…1 (1 when nobody is expected).
        public var ratio: Double { expected == 0 ? 1 : Double(sampled) / Double(expected) }
    }

    public struct Group: Sendable, Equatable {
        /// The building, `building/floor`, or the class.
        public var key: String
        public var counts: Counts
        public init(key: String, counts: Counts) {
            self.key = key
            self.counts = counts
        }
    }

    public var total: Counts
    public var groups: [Group]

    public init(total: Counts, groups: [Group]) {
        self.total = total
        self.groups = groups
    }
}

/// A student expected and not (validly) sampled, with the reason when one is known.
public struct MissingStudent: Sendable, Equatable {
    public enum Reason: String, Sendable, Codable, CaseIterable {
        /// Staff exempted them with a reason (the note says which).
        case exempt
        /// An approved leave covers the campaign's day.
        case onLeave = "on_leave"
        /// An open case (isolation or treatment): tested by the clinic instead.
        case openCase = "open_case"
        /// Not on campus according to the roster.
        case offCampus = "off_campus"
        /// Their tube was invalid: sample them again.
        case resample
    }

    public var studentNo: String
    public var name: String
    public var className: String
    public var building: String?
    public var floor: Int?
    public var room: String?
    public var reason: Reason?
    public var note: String?

    public init(studentNo: String, name: String, className: String, building: String?, floor: Int?, room: String?,
                reason: Reason? = nil, note: String? = nil) {
        self.studentNo = studentNo
        self.name = name
        self.className = className
        self.building = building
        self.floor = floor
        self.room = room
        self.reason = reason
        self.note = note
    }
}

/// A campaign as lists show it: the campaign and its totals within the viewer's scope.
public struct CampaignSummary: Sendable, Equatable {
    public var campaign: Campaign
    public var counts: Coverage.Counts
    public var tubes: Int
    public var tubesOpen: Int

    public init(campaign: Campaign, counts: Coverage.Counts, tubes: Int, tubesOpen: Int) {
        self.campaign = campaign
        self.counts = counts
        self.tubes = tubes
        self.tubesOpen = tubesOpen
    }
}

/// One tube as the sampling point and the results page see it.
public struct Tube: Sendable, Equatable {
    public var code: String
    public var campaignId: String
    public var poolSize: Int
    public var filled: Int
    public var status: TubeStatus
    public var members: [String]

    public init(code: String, campaignId: String, poolSize: Int, filled: Int, status: TubeStatus, members: [String]) {
        self.code = code
        self.campaignId = campaignId
        self.poolSize = poolSize
        self.filled = filled
        self.status = status
        self.members = members
    }
}

/// What a student sees of a campaign they are in: where and when to go, and how it turned out.
public struct StudentTesting: Sendable, Equatable {
    public var campaign: Campaign
    public var site: Site?
    public var slot: Slot?
    public var tubeCode: String?
    public var status: Status

    public enum Status: String, Sendable, Codable {
        case due, exempt, sampled, negative, positive, resample
    }

    public init(campaign: Campaign, site: Site?, slot: Slot?, tubeCode: String?, status: Status) {
        self.campaign = campaign
        self.site = site
        self.slot = slot
        self.tubeCode = tubeCode
        self.status = status
    }
}
