import Testing
@testable import Uploader

@Suite struct BackoffTests {
    @Test(arguments: [(1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 16.0), (6, 30.0), (7, 30.0), (200, 30.0)])
    func ceilingDoublesUpToTheCap(attempt: Int, ceiling: Double) {
        #expect(Backoff(base: 1, cap: 30, random: { 0 }).ceiling(attempt: attempt) == ceiling)
    }

    @Test(arguments: [0.0, 0.25, 0.999])
    func delayIsFullJitterBelowTheCeiling(random: Double) {
        let backoff = Backoff(base: 2, cap: 30, random: { random })
        #expect(backoff.delay(attempt: 3) == 8 * random)
    }
}
