import CampusKit
import Roster

/// The `students` table's row; column names are the properties' snake_case.
struct StudentRow: Codable, Sendable {
    var school_id: String
    var student_no: String
    var name: String
    var gender: String?
    var college: String
    var class_name: String
    var grade: String?
    var campus: String?
    var building: String?
    var floor: Int?
    var room: String?
    var bed: String?
    var phone: String?
    var id_number: String?
    var guardian_name: String?
    var guardian_phone: String?
    var counsellor_no: String?
    var grid_role: String?
    var status: String
    var updated_at: String

    static let columns = ["school_id", "student_no", "name", "gender", "college", "class_name", "grade", "campus",
                          "building", "floor", "room", "bed", "phone", "id_number", "guardian_name", "guardian_phone",
                          "counsellor_no", "grid_role", "status", "updated_at"]

    init(_ s: Student, school: SchoolID, updatedAt: String) {
        school_id = school.rawValue
        student_no = s.studentNo
        name = s.name
        gender = s.gender?.rawValue
        college = s.college
        class_name = s.className
        grade = s.grade
        campus = s.campus
        building = s.building
        floor = s.floor
        room = s.room
        bed = s.bed
        phone = s.phone
        id_number = s.idNumber
        guardian_name = s.guardianName
        guardian_phone = s.guardianPhone
        counsellor_no = s.counsellor
        grid_role = s.gridRole?.rawValue
        status = s.status.rawValue
        updated_at = updatedAt
    }

    /// The values in `columns` order, for bulk inserts.
    var values: [any Encodable & Sendable] {
        [school_id, student_no, name, gender, college, class_name, grade, campus, building, floor, room, bed, phone,
         id_number, guardian_name, guardian_phone, counsellor_no, grid_role, status, updated_at]
    }

    var student: Student {
        Student(studentNo: student_no, name: name, gender: gender.flatMap(Gender.init(rawValue:)), college: college,
                className: class_name, grade: grade, campus: campus, building: building, floor: floor, room: room,
                bed: bed, phone: phone, idNumber: id_number, guardianName: guardian_name, guardianPhone: guardian_phone,
                counsellor: counsellor_no, gridRole: grid_role.flatMap(GridRole.init(rawValue:)),
                status: StudentStatus(rawValue: status) ?? .active)
    }
}

/// The `staff` table's row. Roles and scope names are stored `;`-joined.
struct StaffRow: Codable, Sendable {
    var school_id: String
    var staff_no: String
    var name: String
    var roles: String
    var phone: String?
    var scope: String
    var updated_at: String

    init(_ m: StaffMember, school: SchoolID, updatedAt: String) {
        school_id = school.rawValue
        staff_no = m.staffNo
        name = m.name
        roles = m.roles.map(\.rawValue).joined(separator: ";")
        phone = m.phone
        scope = m.scope.joined(separator: ";")
        updated_at = updatedAt
    }

    var member: StaffMember {
        StaffMember(staffNo: staff_no, name: name,
                    roles: roles.split(separator: ";").compactMap { Role(rawValue: String($0)) },
                    phone: phone, scope: scope.split(separator: ";").map(String.init))
    }
}
