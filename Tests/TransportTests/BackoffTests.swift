import Testing
import Transport

@Suite struct BackoffTests {
    @Test(arguments: [(1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 16.0), (6, 30.0), (7, 30.0), (200, 30.0)])
    func ceilingDoublesUpToTheCap(attempt: Int, ceiling: Double) {
        #expect(Backoff(base: 1, cap: 30).ceiling(attempt: attempt) == ceiling)
    }

    @Test(arguments: [0.0, 0.25, 0.999])
    func delayIsFullJitterBelowTheCeiling(random: Double) {
        let backoff = Backoff(base: 2, cap: 30, random: { random })
        #expect(backoff.delay(attempt: 3) == 8 * random)
    }

    @Test func withoutJitterTheDelayIsTheCeiling() {
        // The token endpoint's schedule: attempts at 0, 2, 6, 14 and 30 s.
        let backoff = Backoff(base: 2, cap: 60)
        #expect((1...4).map { backoff.delay(attempt: $0) } == [2, 4, 8, 16])
    }

    @Test(arguments: [Double.nan, .infinity, -5, 7])
    func aBrokenRandomSourceNeverGivesAnUnsafeWait(random: Double) {
        let delay = Backoff(base: 1, cap: 30, random: { random }).delay(attempt: 4)
        #expect(delay.isFinite && delay >= 0 && delay <= 8)
    }
}
