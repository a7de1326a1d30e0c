import Testing
import TestSupport
import Transport
@testable import Uploader

@Suite struct PacerMarginTests {
    @Test func marginLengthensTheWindow() async throws {
        let time = ManualTimeSource()
        let pacer = Pacer(rate: RateLimit(count: 2, seconds: 1), time: time, margin: 0.5)
        #expect(try await pacer.acquire() == 0)
        #expect(try await pacer.acquire() == 0)
        let third = Task { try await pacer.acquire() }
        for _ in 0..<10_000 where time.sleeperCount == 0 { await Task.yield() }
        #expect(time.nextDeadline == 1.5)
        time.advance(by: 1.5)
        #expect(try await third.value == 1.5)
    }

    @Test func recoveryStepRestoresThePaceFaster() async throws {
        let time = ManualTimeSource()
        let pacer = Pacer(rate: RateLimit(count: 40, seconds: 1), time: time, recoveryStep: 4)
        _ = try await pacer.acquire()
        await pacer.throttle(for: 0, requestStartedAt: 0)
        time.advance(by: 1)
        await pacer.throttle(for: 0, requestStartedAt: 0.5)  // recurs: halves
        #expect(await pacer.effectiveCount == 20)
        time.advance(by: 2)
        _ = try await pacer.acquire()
        #expect(await pacer.effectiveCount == 28)
    }
}
