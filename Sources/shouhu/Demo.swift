import ArgumentParser
import DemoCollege
import Foundation
import Tabular

/// `shouhu demo generate`: writes the demo college's roster CSVs (deterministic for a seed).
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Demo college tools.", subcommands: [Generate.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write staff.csv and students.csv of the demo college.")
        @Option(help: "Number of students.") var students = 7600
        @Option(help: "Number of dormitory buildings.") var buildings = 10
        @Option(help: "Random seed; the same seed gives the same files.") var seed: UInt64 = 42
        @Option(help: "Output folder.") var out: String

        func validate() throws {
            guard students > 0 else { throw ValidationError("--students must be positive") }
            guard buildings > 0 else { throw ValidationError("--buildings must be positive") }
        }

        func run() async throws {
            let tables = DemoCollegeGenerator.generate(DemoCollegeSpec(students: students, buildings: buildings, seed: seed))
            let folder = URL(fileURLWithPath: out, isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, table) in [("staff.csv", tables.staff), ("students.csv", tables.students)] {
                let data = CSVWriter.document(header: table[0], rows: Array(table.dropFirst()))
                try data.write(to: folder.appendingPathComponent(name))
            }
            print("wrote \(folder.path)/staff.csv (\(tables.staff.count - 1) staff) and students.csv (\(tables.students.count - 1) students)")
        }
    }
}
