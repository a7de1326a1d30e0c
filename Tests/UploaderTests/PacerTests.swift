import Foundation
import Testing
import TestSupport
import Transport
@testable import Uploader

@Suite struct PacerTests {
    /// Starts `count` acquirers and records the clock time at which each got its slot.
    private func acquirers(_ count: Int, pacer: Pacer, clock: ManualTimeSource) -> Recorder<Double> {
        let starts = Recorder<Double>()
        for _ in 0..<count {
            Task {
                if (try? await pacer.acquire()) != nil { starts.append(clock.now()) }
            }
        }
        return starts
    }

    /// Yields until `condition` holds (bounded: false after many turns).
    private func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<100_000 {
            if condition() { return true }
            await Task.yield()
        }
        return condition()
    }

    @Test func startsCountImmediatelyAndTheNextWhenTheWindowSlides() async {
        let clock = ManualTimeSource()
        let pacer = Pacer(rate: RateLimit(count: 3, seconds: 1), time: clock)
        let starts = acquirers(4, pacer: pacer, clock: clock)
        #expect(await eventually { starts.count == 3 && clock.sleeperCount == 1 })
        #expect(clock.nextDeadline == 1)
        clock.advance(by: 0.5)
        #expect(starts.count == 3)
        clock.advance(by: 0.5)
        #expect(await eventually { starts.count == 4 })
        #expect(starts.all == [0, 0, 0, 1])
    }

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func neverExceedsCountInAnyWindowUnderARandomSchedule(seed: UInt64) async {
        var generator = SeededRandom(seed: seed)
        let rate = RateLimit(count: 5, seconds: 2)
        let clock = ManualTimeSource()
        let pacer = Pacer(rate: rate, time: clock)
        let starts = Recorder<Double>()
        let arrivals = (0..<60).map { _ in Double(Int.random(in: 0..<400, using: &generator)) / 20 }
        for arrival in arrivals {
            Task {
                try await clock.sleep(seconds: arrival)
                _ = try await pacer.acquire()
                starts.append(clock.now())
            }
        }
        var turns = 0
        while starts.count < arrivals.count, turns < 200_000 {
            turns += 1
            await Task.yield()
            if turns % 50 == 0, let deadline = clock.nextDeadline { clock.advance(by: max(0, deadline - clock.now())) }
        }
        let times = starts.all.sorted()
        #expect(times.count == arrivals.count)
        for (i, start) in times.enumerated() {
            let inWindow = times[i...].prefix { $0 < start + rate.seconds - 1e-6 }.count
            #expect(inWindow <= rate.count, "\(inWindow) starts in [\(start), \(start + rate.seconds))")
        }
        // The pacer must not be needlessly slow either: with 60 starts at 5 per 2 s, the last is at most ~24 s late.
        #expect((times.last ?? 0) <= (arrivals.max() ?? 0) + 24 + 1e-6)
    }

    @Test func aThrottlePauseBlocksEveryAcquirer() async {
        let clock = ManualTimeSource()
        let pacer = Pacer(rate: RateLimit(count: 100, seconds: 1), time: clock)
        await pacer.throttle(for: 10, requestStartedAt: 0)
        let starts = acquirers(5, pacer: pacer, clock: clock)
        #expect(await eventually { clock.sleeperCount == 5 })
        clock.advance(by: 9.9)
        #expect(await eventually { clock.sleeperCount == 5 })
        #expect(starts.count == 0)
        clock.advance(by: 0.1)
        #expect(await eventually { starts.count == 5 })
        #expect(starts.all.allSatisfy { abs($0 - 10) < 1e-9 })
    }

    @Test func aLoneThrottleKeepsThePaceARecurringOneHalvesItOncePerEpisodeThenItRecovers() async throws {
        let clock = ManualTimeSource()
        let pacer = Pacer(rate: RateLimit(count: 8, seconds: 1), time: clock)
        // A first 429: everyone pauses, the pace stays.
        await pacer.throttle(for: 0, requestStartedAt: 0)
        #expect(await pacer.effectiveCount == 8)
        // Another episode within ten windows: the pace halves; more 429s for requests already in flight are the same
        // episode and do not halve it again.
        clock.advance(by: 5)
        await pacer.throttle(for: 0, requestStartedAt: 1)
        #expect(await pacer.effectiveCount == 4)
        await pacer.throttle(for: 0, requestStartedAt: 4)
        #expect(await pacer.effectiveCount == 4)

        // Only 4 of 5 start in the reduced window.
        let starts = acquirers(5, pacer: pacer, clock: clock)
        #expect(await eventually { starts.count == 4 && clock.sleeperCount == 1 })

        // A 429 for a request started after the halving is a new episode.
        clock.advance(by: 1)
        #expect(await eventually { starts.count == 5 })
        await pacer.throttle(for: 0, requestStartedAt: 6)
        #expect(await pacer.effectiveCount == 2)

        // Additive increase: +1 per clean window, capped at the configured count.
        clock.advance(by: 1)
        _ = try await pacer.acquire()
        #expect(await pacer.effectiveCount == 3)
        clock.advance(by: 3)
        _ = try await pacer.acquire()
        #expect(await pacer.effectiveCount == 6)
        clock.advance(by: 10)
        _ = try await pacer.acquire()
        #expect(await pacer.effectiveCount == 8)

        // Long after the last episode, a 429 is lone again.
        clock.advance(by: 100)
        await pacer.throttle(for: 0, requestStartedAt: clock.now())
        #expect(await pacer.effectiveCount == 8)
    }

    @Test func eachThrottleEpisodeWidensTheMarginUpToFiveTimesTheConfiguredOne() async throws {
        let clock = ManualTimeSource()
        let pacer = Pacer(rate: RateLimit(count: 1, seconds: 1), time: clock, margin: 0.03)
        #expect(abs(await pacer.window - 1.03) < 1e-9)
        await pacer.throttle(for: 0, requestStartedAt: 0)
        await pacer.throttle(for: 0, requestStartedAt: 0)  // the same episode
        #expect(abs(await pacer.window - 1.06) < 1e-9)
        for episode in 1...10 {
            clock.advance(by: 1)
            await pacer.throttle(for: 0, requestStartedAt: clock.now())
            #expect(abs(await pacer.window - min(1.06 + 0.03 * Double(episode), 1.15)) < 1e-9)
        }
        // The wider window is what spaces the starts: one start per 1.15 s.
        clock.advance(by: 100)
        let first = try await pacer.acquire()
        let starts = acquirers(1, pacer: pacer, clock: clock)
        #expect(await eventually { clock.sleeperCount == 1 })
        clock.advance(by: 1.149)
        #expect(await eventually { clock.sleeperCount == 1 } && starts.count == 0)
        clock.advance(by: 0.001)
        #expect(await eventually { starts.count == 1 })
        #expect(abs(starts.all[0] - first - 1.15) < 1e-6)
    }

    @Test func aFullBucketPausesOncePerEpisodeAndStopsAfterTheLimit() async {
        let clock = ManualTimeSource()
        let pacer = Pacer(rate: RateLimit(count: 8, seconds: 1), time: clock)
        clock.advance(by: 1)
        #expect(await pacer.pauseForFullBucket(seconds: 300, maxPauses: 2, requestStartedAt: 0.5) == .paused(300))
        #expect(await pacer.pausedUntil == 301)
        // In flight when the pause began: covered by it.
        clock.advance(by: 100)
        #expect(await pacer.pauseForFullBucket(seconds: 300, maxPauses: 2, requestStartedAt: 0.9) == .alreadyPaused(200))
        clock.advance(by: 200)
        #expect(await pacer.pauseForFullBucket(seconds: 300, maxPauses: 2, requestStartedAt: 301) == .paused(300))
        clock.advance(by: 300)
        #expect(await pacer.pauseForFullBucket(seconds: 300, maxPauses: 2, requestStartedAt: 601) == .stop)
        #expect(await pacer.effectiveCount == 8)
    }

    @Test func cancellingAWaitingAcquirerThrows() async {
        let clock = ManualTimeSource()
        let pacer = Pacer(rate: RateLimit(count: 1, seconds: 60), time: clock)
        _ = try? await pacer.acquire()
        let waiter = Task { try await pacer.acquire() }
        #expect(await eventually { clock.sleeperCount == 1 })
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
    }
}
