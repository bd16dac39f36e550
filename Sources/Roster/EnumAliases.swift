import Foundation
import CampusKit

/// The words a student-information system may use for each enumerated value, in English and Chinese.
enum EnumAliases {
    static func gender(_ text: String) -> Gender? {
        switch text.lowercased() {
        case "男", "m", "male": .male
        case "女", "f", "female": .female
        default: nil
        }
    }

    static func status(_ text: String) -> StudentStatus? {
        switch text.lowercased() {
        case "active", "在校": .active
        case "off_campus", "离校": .offCampus
        case "suspended", "休学": .suspended
        default: nil
        }
    }

    static func gridRole(_ text: String) -> GridRole? {
        switch text.lowercased() {
        case "room_leader", "寝室长": .roomLeader
        case "floor_leader", "层长": .floorLeader
        default: nil
        }
    }

    static func staffRole(_ text: String) -> Role? {
        switch text.lowercased() {
        case "admin", "管理员": .admin
        case "leader", "学工处": .leader
        case "secretary", "书记", "副书记": .secretary
        case "counsellor", "counselor", "辅导员": .counsellor
        case "class_teacher", "班主任": .classTeacher
        case "building_leader", "楼长": .buildingLeader
        case "vehicle_leader", "车长": .vehicleLeader
        case "clinic", "校医": .clinic
        case "psych", "心理中心": .psych
        case "aid", "资助中心": .aid
        default: nil
        }
    }
}
