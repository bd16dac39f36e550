import Foundation
import CampusKit

/// A student as the roster knows them: who they are, where they study and where they sleep.
public struct Student: Sendable, Equatable, Codable {
    public var studentNo: String
    public var name: String
    public var gender: Gender?
    public var college: String
    public var className: String
    public var grade: String?
    public var campus: String?
    public var building: String?
    public var floor: Int?
    public var room: String?
    public var bed: String?
    public var phone: String?
    public var idNumber: String?
    public var guardianName: String?
    public var guardianPhone: String?
    /// Staff number of the student's counsellor.
    public var counsellor: String?
    public var gridRole: GridRole?
    public var status: StudentStatus

    public init(studentNo: String, name: String, gender: Gender? = nil, college: String, className: String,
                grade: String? = nil, campus: String? = nil, building: String? = nil, floor: Int? = nil,
                room: String? = nil, bed: String? = nil, phone: String? = nil, idNumber: String? = nil,
                guardianName: String? = nil, guardianPhone: String? = nil, counsellor: String? = nil,
                gridRole: GridRole? = nil, status: StudentStatus = .active) {
        self.studentNo = studentNo
        self.name = name
        self.gender = gender
        self.college = college
        self.className = className
        self.grade = grade
        self.campus = campus
        self.building = building
        self.floor = floor
        self.room = room
        self.bed = bed
        self.phone = phone
        self.idNumber = idNumber
        self.guardianName = guardianName
        self.guardianPhone = guardianPhone
        self.counsellor = counsellor
        self.gridRole = gridRole
        self.status = status
    }

    /// The units this student belongs to, at every level; the basis of scoping.
    public var units: [UnitKey] {
        var keys = [UnitKey(.college, college), UnitKey(.class, className)]
        if let campus { keys.append(UnitKey(.campus, campus)) }
        if let building {
            keys.append(UnitKey(.building, building))
            if let floor { keys.append(.floor(building: building, floor: floor)) }
            if let room { keys.append(.room(building: building, room: room)) }
        }
        return keys
    }
}

/// 性别.
public enum Gender: String, Sendable, Codable, CaseIterable {
    case male = "M", female = "F"
}

/// 在校状态. Only active students are expected to check in and be tested.
public enum StudentStatus: String, Sendable, Codable, CaseIterable {
    case active
    case offCampus = "off_campus"
    case suspended
}

/// The grid role a student may hold (网格角色).
public enum GridRole: String, Sendable, Codable, CaseIterable {
    case roomLeader = "room_leader"
    case floorLeader = "floor_leader"
}
