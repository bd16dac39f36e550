// Issue 16's comparison of the planner with an exact solver (docs/PERFORMANCE.md, section 9). Not a benchmark of
// ordo-one's kind: it writes the seeded instances as the contract's JSON, runs the planner on each as
// `POST /api/v1/separation/plans` does (`Planner(budget: 1 s)` unless told otherwise), checks every plan with the
// product's `Verifier`, and checks and scores the exact solver's answers (`exact_cpsat.py`, OR-tools CP-SAT) the same
// way, so both objectives come from one verifier.
//
//   cd Benchmarks && swift build -c release --product SeparationCompare
//   .build/release/SeparationCompare export Separation/instances          # campus-<groups>x5-<seed>.json (+ .planner.json)
//   python3 Separation/exact_cpsat.py Separation/instances/campus-10x5-1.json --time-limit 60 \
//       > Separation/instances/campus-10x5-1.cpsat.json                    # one per instance
//   .build/release/SeparationCompare report Separation/instances           # the table of section 9
//
// Options: --seeds 1,2,3 (default 1–5), --groups 10,40 (default), --budget-ms 1000, --runs 5 (planner runs timed per
// instance; the table gives the median and the worst), --iterations N, --patience N and --late N (the planner's, to try others
// than the product's defaults). The planner is deterministic unless its budget cuts it short,
// so every run of an instance has the same objective unless the table says it stopped by budget.
import BenchShared
import Foundation
import Separation

struct Options {
    var command = ""
    var folder = ""
    var seeds: [UInt64] = [1, 2, 3, 4, 5]
    var groups = [10, 40]
    var budgetMs = 1000
    var runs = 5
    var iterations: Int?
    var patience: Int?
    var late: Int?

    init(_ arguments: [String]) throws {
        var rest = arguments.dropFirst()
        guard let command = rest.popFirst(), let folder = rest.popFirst() else { throw BenchError("usage: SeparationCompare export|report FOLDER [options]") }
        self.command = command
        self.folder = folder
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { throw BenchError("\(flag) needs a value") }
            switch flag {
            case "--seeds": seeds = value.split(separator: ",").compactMap { UInt64($0) }
            case "--groups": groups = value.split(separator: ",").compactMap { Int($0) }
            case "--budget-ms": budgetMs = Int(value) ?? budgetMs
            case "--runs": runs = max(1, Int(value) ?? runs)
            case "--iterations": iterations = Int(value)
            case "--patience": patience = Int(value)
            case "--late": late = Int(value)
            default: throw BenchError("unknown option \(flag)")
            }
        }
    }
}

/// What `exact_cpsat.py` prints.
struct ExactAnswer: Decodable {
    var status: String
    var objective: Int?
    var bestBound: Double?
    var wallSeconds: Double?
    var visits: [Visit]
}

func instanceName(groups: Int, seed: UInt64) -> String { "campus-\(groups)x5-\(seed)" }

func url(_ folder: String, _ name: String) -> URL { URL(fileURLWithPath: folder).appendingPathComponent(name) }

func plan(_ problem: SeparationProblem, _ options: Options) throws -> (SeparationPlan, Duration) {
    let clock = ContinuousClock()
    var result: SeparationPlan?
    var planner = Planner(budget: .milliseconds(options.budgetMs))
    if let n = options.iterations { planner.iterations = n }
    if let n = options.patience { planner.patience = n }
    if let n = options.late { planner.lateAcceptance = n }
    let took = try clock.measure {
        let plan = try planner.plan(problem)
        let problems = try Verifier.verify(problem, visits: plan.visits)
        guard problems.isEmpty else { throw BenchError("\(problem.name): the planner's plan breaks the rules: \(problems.prefix(3))") }
        result = plan
    }
    return (result!, took)
}

func milliseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
}

func run(_ options: Options) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    switch options.command {
    case "export":
        try FileManager.default.createDirectory(atPath: options.folder, withIntermediateDirectories: true)
        for groups in options.groups {
            for seed in options.seeds {
                let problem = SeparationInstances.campus(groups: groups, demandsPerGroup: 5, seed: seed)
                let name = instanceName(groups: groups, seed: seed)
                try encoder.encode(problem).write(to: url(options.folder, "\(name).json"))
                let (plan, _) = try plan(problem, options)
                try encoder.encode(plan).write(to: url(options.folder, "\(name).planner.json"))
                print("\(name): \(problem.demands.count) demands, \(problem.edges.count) edges, \(problem.facilities.count) facilities")
            }
        }
    case "report":
        print("| instance | demands | planner ms (median / worst of \(options.runs)) | planner objective | stopped by (moves) | lower bound | exact status | exact objective | exact bound | exact s | planner − exact |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for groups in options.groups {
            for seed in options.seeds {
                let name = instanceName(groups: groups, seed: seed)
                let problem = try JSONDecoder().decode(SeparationProblem.self, from: Data(contentsOf: url(options.folder, "\(name).json")))
                guard problem == SeparationInstances.campus(groups: groups, demandsPerGroup: 5, seed: seed) else {
                    throw BenchError("\(name).json is not what the generator makes now: export again")
                }
                var times: [Double] = []
                var objectives: Set<Int> = []
                var last: SeparationPlan?
                for _ in 0..<options.runs {
                    let (plan, took) = try plan(problem, options)
                    times.append(milliseconds(took))
                    objectives.insert(plan.objective)
                    last = plan
                }
                guard let planner = last else { continue }
                times.sort()
                let objective = objectives.count == 1 ? "\(planner.objective)" : objectives.sorted().map(String.init).joined(separator: "–")
                var exact = ["–", "–", "–", "–", "–"]
                let answerURL = url(options.folder, "\(name).cpsat.json")
                if let data = try? Data(contentsOf: answerURL) {
                    let answer = try JSONDecoder().decode(ExactAnswer.self, from: data)
                    if answer.visits.isEmpty {
                        exact = [answer.status, "–", answer.bestBound.map { String(format: "%.0f", $0) } ?? "–",
                                 answer.wallSeconds.map { String(format: "%.1f", $0) } ?? "–", "–"]
                    } else {
                        let problems = try Verifier.verify(problem, visits: answer.visits)
                        guard problems.isEmpty else { throw BenchError("\(name): the exact solver's plan breaks the rules: \(problems.prefix(3))") }
                        let score = answer.visits.reduce(0) { $0 + abs($1.start - problem.demands[$1.demand].preferred) }
                        guard answer.objective == nil || answer.objective == score else {
                            throw BenchError("\(name): the exact solver says objective \(answer.objective!), its visits score \(score)")
                        }
                        exact = [answer.status, "\(score)", answer.bestBound.map { String(format: "%.0f", $0) } ?? "–",
                                 answer.wallSeconds.map { String(format: "%.1f", $0) } ?? "–",
                                 planner.feasible ? "\(planner.objective - score)" : "not feasible"]
                    }
                }
                let timing = String(format: "%.0f / %.0f", times[times.count / 2], times.last ?? 0)
                let placed = planner.feasible ? objective : "\(objective) (\(planner.unscheduled.count) unplaced)"
                print("| \(name) | \(problem.demands.count) | \(timing) | \(placed) | \(planner.stoppedBy.rawValue) (\(planner.iterations)) | \(planner.lowerBound) | "
                      + exact.joined(separator: " | ") + " |")
            }
        }
    default:
        throw BenchError("unknown command \(options.command): export or report")
    }
}

do {
    try run(try Options(CommandLine.arguments))
} catch {
    FileHandle.standardError.write(Data("SeparationCompare: \(error)\n".utf8))
    exit(1)
}
