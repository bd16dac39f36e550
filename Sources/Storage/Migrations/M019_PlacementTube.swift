import SQLKit

/// A placement records where it came from (issue 15): besides an investigation, the positive tube whose members were
/// placed from the testing pages.
struct M019_PlacementTube: Migration {
    let name = "M019_PlacementTube"

    func prepare(on db: any SQLDatabase, engine: Database.Engine) async throws {
        try await db.alter(table: "quarantine_placements").column("tube_code", type: .text).run()
    }
}
