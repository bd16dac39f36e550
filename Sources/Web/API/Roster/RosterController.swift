import CampusKit
import Foundation
import Hummingbird
import Roster
import Tabular

/// Roster import (`POST /api/v1/roster/students|staff`, CSV or XLSX body, `?dryRun=true`) and the student list
/// and detail (`GET /api/v1/students`, `/students/{studentNo}`), always within the caller's scope.
struct RosterController {
    let services: WebServices

    struct ImportBody: ResponseEncodable { var created: Int; var updated: Int; var unchanged: Int; var dryRun: Bool }

    func addRoutes(to group: RouterGroup<ShouhuContext>) {
        group.post("roster/students", use: importStudents)
        group.post("roster/staff", use: importStaff)
        group.get("students", use: list)
        group.get("students/:studentNo", use: detail)
        group.get("grid", use: grid)
    }

    @Sendable func importStudents(_ request: Request, context: ShouhuContext) async throws -> ImportBody {
        let actor = try context.requireActor()
        let (rows, dryRun) = try await Self.readTable(request)
        let counts = try await services.roster.importStudents(rows, dryRun: dryRun, by: actor)
        return ImportBody(created: counts.created, updated: counts.updated, unchanged: counts.unchanged, dryRun: dryRun)
    }

    @Sendable func importStaff(_ request: Request, context: ShouhuContext) async throws -> ImportBody {
        let actor = try context.requireActor()
        let (rows, dryRun) = try await Self.readTable(request)
        let counts = try await services.roster.importStaff(rows, dryRun: dryRun, by: actor)
        return ImportBody(created: counts.created, updated: counts.updated, unchanged: counts.unchanged, dryRun: dryRun)
    }

    /// Reads a CSV or XLSX body (up to `BodyLimit.file`) and the `dryRun` flag.
    static func readTable(_ request: Request) async throws -> ([[String]], Bool) {
        let dryRun: Bool
        switch request.uri.queryParameters["dryRun"].map(String.init) {
        case nil, "false", "0": dryRun = false
        case "true", "1": dryRun = true
        case let other?: throw DomainError.invalid("dryRun 应为 true 或 false，而不是 “\(other)”", field: "dryRun")
        }
        let buffer = try await request.body.collect(upTo: BodyLimit.file)
        let data = Data(buffer.readableBytesView)
        guard !data.isEmpty else {
            throw DomainError(.malformed, "请求体为空：请上传 CSV 或 XLSX 文件 (the body is empty; send a CSV or XLSX file)")
        }
        do {
            return (try TableReader.rows(from: data), dryRun)
        } catch {
            throw DomainError(.malformed, "无法读取文件：\(error.message) (the file cannot be read)",
                              rowErrors: [RowError(row: error.row ?? 1, column: nil, message: error.message)])
        }
    }
}
