import Separation
import Testing

@Suite("SeparationInstances: seeded campuses for tests and benchmarks")
struct SeparationInstancesTests {
    @Test("The same seed gives the same campus; another seed another")
    func seeded() {
        let campus = SeparationInstances.campus(groups: 10, demandsPerGroup: 5, seed: 1)
        #expect(SeparationInstances.campus(groups: 10, demandsPerGroup: 5, seed: 1) == campus)
        #expect(SeparationInstances.campus(groups: 10, demandsPerGroup: 5, seed: 2) != campus)
    }

    @Test("10 × 5: 50 demands of 3 kinds, 31 edges, 6 facilities; 40 × 5: 200 demands, 128 edges, 24 facilities")
    func sizes() {
        let small = SeparationInstances.campus(groups: 10, demandsPerGroup: 5, seed: 1)
        #expect((small.demands.count, small.edges.count, small.nodes.count, small.facilities.count) == (50, 31, 20, 6))
        #expect(Set(small.demands.map(\.kind)) == Set(SeparationInstances.kinds))
        let large = SeparationInstances.campus(groups: 40, demandsPerGroup: 5, seed: 1)
        #expect((large.demands.count, large.edges.count, large.nodes.count, large.facilities.count) == (200, 128, 80, 24))
        #expect(small.validate() == [] && large.validate() == [])
    }
}
