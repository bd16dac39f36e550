// Space-time separation (issue 16, docs/PERFORMANCE.md section 9): the time from a problem to a verified plan on the
// seeded campuses of 10 buildings × 5 daily needs (50 visits, 3 facility kinds, 31 path edges) and 40 × 5 (200 visits,
// 128 edges). Pure domain code: no database, no server.
//
//   cd Benchmarks && swift package --disable-sandbox benchmark --target SeparationBench
//
// What is measured (between `startMeasurement()` and `stopMeasurement()`): `Planner(budget: .seconds(1)).plan(problem)`
// — resolving the map (a Dijkstra per home), the capacity proof, construction, descent and the large-neighbourhood
// search until it stops — and `Verifier.verify` of the result, i.e. what `POST /api/v1/separation/plans` computes
// between decoding the body and storing the plan. Generating the instance is outside.
//
// Besides the time, each benchmark reports the plan's objective (Σ |start − preferred|, custom metric "objective"). A
// plan that does not verify or leaves a demand unplaced fails the benchmark. The objective of an exact solver on the same instances is compared by `SeparationCompare` (section 9).
//
// SHOUHU_BENCH_SEPARATION_SEED (default 1) picks the instance; SHOUHU_BENCH_SEPARATION_ITERATIONS (default 20) the runs.
import BenchShared
import Benchmark
import Foundation
import Separation

let benchmarks: @Sendable () -> Void = {
    let environment = ProcessInfo.processInfo.environment
    let seed = environment["SHOUHU_BENCH_SEPARATION_SEED"].flatMap(UInt64.init) ?? 1
    let iterations = environment["SHOUHU_BENCH_SEPARATION_ITERATIONS"].flatMap(Int.init) ?? 20
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .peakMemoryResident, objectiveMetric],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(120),
        maxIterations: iterations
    )

    for groups in [10, 40] {
        let problem = SeparationInstances.campus(groups: groups, demandsPerGroup: 5, seed: seed)
        Benchmark("Plan and verify, \(groups) groups × 5 demands (seed \(seed))") { benchmark in
            benchmark.startMeasurement()
            let plan = try Planner(budget: .seconds(1)).plan(problem)
            let problems = try Verifier.verify(problem, visits: plan.visits)
            benchmark.stopMeasurement()
            guard problems.isEmpty, plan.feasible else {
                throw BenchError("\(problem.name): \(problems.count) problems, \(plan.unscheduled.count) demands unplaced")
            }
            benchmark.measurement(objectiveMetric, plan.objective)
        }
    }
}

let objectiveMetric = BenchmarkMetric.custom("objective", polarity: .prefersSmaller, useScalingFactor: false)
