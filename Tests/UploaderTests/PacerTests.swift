import Foundation
import TestSupport
import Testing
import Transport

@testable import Uploader

/// The pacer is a thin shell over `PacingWindow` (tested there): these check only that it sleeps until the time the
/// window answers, and that a stop wakes it.
@Suite struct PacerTests {
    @Test func acquireSleepsUntilTheWindowOpensAndReturnsTheStartTime() async throws {
        let clock = SteppingTimeSource()
        let pacer = Pacer(rate: RateLimit(count: 2, seconds: 1), time: clock, margin: 0.5)
        var starts: [Double] = []
        for _ in 0..<5 { starts.append(try await pacer.acquire().time) }
        #expect(starts == [0, 0, 1.5, 1.5, 3])
        #expect(clock.sleeps == [1.5, 1.5])
    }

    @Test func aThrottleHoldsTheNextStartForItsPause() async throws {
        let clock = SteppingTimeSource()
        let pacer = Pacer(rate: RateLimit(count: 100, seconds: 1), time: clock)
        await pacer.throttle(for: 10, requestStartedAt: 0)
        #expect(try await pacer.acquire().time == 10)
    }

    @Test func aStartCountsFromWhenItsBodyWasSent() async throws {
        let clock = SteppingTimeSource()
        let pacer = Pacer(rate: RateLimit(count: 1, seconds: 1), time: clock)
        let first = try await pacer.acquire()
        await pacer.sent(first, at: 0.25)
        #expect(try await pacer.acquire().time == 1.25)
    }

    @Test func cancellingAWaitingAcquirerThrows() async throws {
        let clock = ManualTimeSource()
        let pacer = Pacer(rate: RateLimit(count: 1, seconds: 60), time: clock)
        _ = try await pacer.acquire()
        let waiter = Task { try await pacer.acquire() }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
    }
}
