import CampusKit
import Foundation
import Hummingbird
import Roster

extension RosterController {
    /// A student in a list (CONTRACT.md).
    struct StudentItem: Encodable, Sendable {
        var studentNo: String
        var name: String
        var college: String
        var `class`: String
        var building: String?
        var floor: Int?
        var room: String?
        var status: String

        init(_ s: Student) {
            studentNo = s.studentNo
            name = s.name
            college = s.college
            `class` = s.className
            building = s.building
            floor = s.floor
            room = s.room
            status = s.status.rawValue
        }
    }

    /// `{items, nextCursor}`; `nextCursor` is null on the last page.
    struct StudentList: ResponseEncodable {
        var items: [StudentItem]
        var nextCursor: String?
        enum CodingKeys: String, CodingKey { case items, nextCursor }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(items, forKey: .items)
            try c.encode(nextCursor, forKey: .nextCursor)
        }
    }

    /// One student, with phone and ID numbers masked.
    struct StudentDetail: ResponseEncodable {
        var studentNo: String
        var name: String
        var gender: String?
        var college: String
        var `class`: String
        var grade: String?
        var campus: String?
        var building: String?
        var floor: Int?
        var room: String?
        var bed: String?
        var phone: String?
        var idNumber: String?
        var guardianName: String?
        var guardianPhone: String?
        var counsellor: String?
        var gridRole: String?
        var status: String
        var masked: Bool

        init(_ s: Student) {
            studentNo = s.studentNo
            name = s.name
            gender = s.gender?.rawValue
            college = s.college
            `class` = s.className
            grade = s.grade
            campus = s.campus
            building = s.building
            floor = s.floor
            room = s.room
            bed = s.bed
            phone = s.phone.map(Masking.phone)
            idNumber = s.idNumber.map(Masking.idNumber)
            guardianName = s.guardianName
            guardianPhone = s.guardianPhone.map(Masking.phone)
            counsellor = s.counsellor
            gridRole = s.gridRole?.rawValue
            status = s.status.rawValue
            masked = true
        }
    }

    @Sendable func list(_ request: Request, context: ShouhuContext) async throws -> StudentList {
        let actor = try context.requireActor()
        let q = request.uri.queryParameters
        func text(_ name: String) -> String? { q[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 } }
        var status: StudentStatus?
        if let raw = text("status") {
            guard let s = StudentStatus(rawValue: raw) else {
                throw DomainError.invalid("status 应为 active、off_campus 或 suspended (unknown status)", field: "status")
            }
            status = s
        }
        let filter = StudentFilter(building: text("building"), floor: text("floor"), room: text("room"),
                                   college: text("college"), className: text("class"), status: status, query: text("q"))
        let page = try Paging.request(from: request)
        let result = try await services.roster.students(matching: filter, page: page, by: actor)
        return StudentList(items: result.items.map(StudentItem.init), nextCursor: result.next.map(Paging.cursor(for:)))
    }

    @Sendable func detail(_ request: Request, context: ShouhuContext) async throws -> StudentDetail {
        let actor = try context.requireActor()
        let number = try context.parameters.require("studentNo")
        return StudentDetail(try await services.roster.student(number: number, by: actor))
    }

    @Sendable func grid(_ request: Request, context: ShouhuContext) async throws -> GridBody {
        let actor = try context.requireActor()
        return GridBody(try await services.roster.grid(by: actor))
    }

    /// The grid tree as JSON: `{students, active, campuses: [{level, name, key, students, active, children}]}`.
    struct GridBody: ResponseEncodable {
        struct Node: Encodable { var level: String; var name: String; var key: String; var students: Int; var active: Int; var children: [Node] }
        var students: Int
        var active: Int
        var campuses: [Node]
        init(_ tree: GridTree) {
            func convert(_ n: GridTree.Node) -> Node {
                Node(level: n.level, name: n.name, key: n.key, students: n.students, active: n.active, children: n.children.map(convert))
            }
            students = tree.students
            active = tree.active
            campuses = tree.campuses.map(convert)
        }
    }
}

/// `limit` and `cursor` of every list (CONTRACT.md): limit 1–1000, default 100; cursors are opaque.
enum Paging {
    static func request(from request: Request) throws -> PageRequest {
        let q = request.uri.queryParameters
        var limit = PageRequest.defaultLimit
        if let raw = q["limit"] {
            guard let n = Int(raw), (1...PageRequest.maximumLimit).contains(n) else {
                throw DomainError.invalid("limit 应为 1 到 \(PageRequest.maximumLimit) 的整数 (limit must be 1–1000)", field: "limit")
            }
            limit = n
        }
        var after: String?
        if let raw = q["cursor"], !raw.isEmpty {
            guard let key = decode(String(raw)) else {
                throw DomainError.invalid("cursor 无效 (unknown cursor)", field: "cursor")
            }
            after = key
        }
        return PageRequest(limit: limit, after: after)
    }

    static func cursor(for key: String) -> String {
        Data(key.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ cursor: String) -> String? {
        var b = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b.count % 4 != 0 { b += "=" }
        return Data(base64Encoded: b).flatMap { String(data: $0, encoding: .utf8) }
    }
}
