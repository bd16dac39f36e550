import CampusKit
import Foundation
import OpenAPIRuntime
import Roster
import Tabular

extension ShouhuAPI {
    func importStudents(_ input: Operations.ImportStudents.Input) async throws -> Operations.ImportStudents.Output {
        let actor = try RequestActor.require()
        let rows = switch input.body {
        case .csv(let body): try await Self.table(from: body, as: .csv)
        case .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(let body): try await Self.table(from: body, as: .xlsx)
        }
        let dryRun = input.query.dryRun ?? false
        let counts = try await services.roster.importStudents(rows, dryRun: dryRun, by: actor)
        return .ok(.init(body: .json(.init(created: counts.created, updated: counts.updated, unchanged: counts.unchanged, dryRun: dryRun))))
    }

    func importStaff(_ input: Operations.ImportStaff.Input) async throws -> Operations.ImportStaff.Output {
        let actor = try RequestActor.require()
        let rows = switch input.body {
        case .csv(let body): try await Self.table(from: body, as: .csv)
        case .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(let body): try await Self.table(from: body, as: .xlsx)
        }
        let dryRun = input.query.dryRun ?? false
        let counts = try await services.roster.importStaff(rows, dryRun: dryRun, by: actor)
        return .ok(.init(body: .json(.init(created: counts.created, updated: counts.updated, unchanged: counts.unchanged, dryRun: dryRun))))
    }

    /// Reads a CSV or XLSX upload (up to `BodyLimit.file`, already read by `RouteGuard` once the caller was
    /// admitted) into rows, as the format its `Content-Type` declared and within `TableLimits.standard`.
    static func table(from body: HTTPBody, as format: TableFormat) async throws -> [[String]] {
        let data = try await BodyReader.data(body, limit: BodyLimit.file)
        guard !data.isEmpty else {
            throw DomainError(.malformed, "请求体为空：请上传 CSV 或 XLSX 文件 (the body is empty; send a CSV or XLSX file)")
        }
        do {
            return try TableReader.rows(from: data, as: format)
        } catch {
            throw DomainError(.malformed, "无法读取文件：\(error.message) (the file cannot be read)",
                              rowErrors: [RowError(row: error.row ?? 1, column: nil, message: error.message)])
        }
    }
}
