import TestSupport
import Testing

@testable import Uploader

/// The pacing policy, synchronously: no tasks, no clock, just times passed in.
@Suite struct PacingWindowTests {
    /// Starts as many requests as the window allows at `now`; returns how many started and when the next may.
    static func startAll(_ pacing: inout PacingWindow, at now: Double, upTo limit: Int = 1000) -> (Int, Double?) {
        var started = 0
        while started < limit {
            switch pacing.decide(now: now) {
            case .startNow: started += 1
            case .waitUntil(let time): return (started, time)
            }
        }
        return (started, nil)
    }

    @Test func startsCountImmediatelyAndTheNextWhenTheWindowSlides() {
        var pacing = PacingWindow(rate: RateLimit(count: 3, seconds: 1))
        let (started, next) = Self.startAll(&pacing, at: 0)
        #expect(started == 3)
        #expect(next == 1)
        #expect(pacing.decide(now: 0.5) == .waitUntil(1))
        #expect(pacing.decide(now: 1) == .startNow)
    }

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func neverExceedsCountInAnyWindowUnderARandomSchedule(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let rate = RateLimit(count: 5, seconds: 2)
        var pacing = PacingWindow(rate: rate)
        // Each request asks at its arrival, then again whenever it is told to wait: a discrete-event simulation.
        var asking = (0..<60).map { _ in Double(Int.random(in: 0..<400, using: &generator)) / 20 }.sorted()
        let latestArrival = asking.last ?? 0
        var times: [Double] = []
        while let now = asking.min() {
            asking.remove(at: asking.firstIndex(of: now)!)
            switch pacing.decide(now: now) {
            case .startNow: times.append(now)
            case .waitUntil(let time): asking.append(time)
            }
        }
        #expect(times.count == 60)
        for (i, start) in times.enumerated() {
            let inWindow = times[i...].prefix { $0 < start + rate.seconds - 1e-6 }.count
            #expect(inWindow <= rate.count, "\(inWindow) starts in [\(start), \(start + rate.seconds))")
        }
        // Not needlessly slow either: 60 starts at 5 per 2 s end at most ~24 s after the last arrival.
        #expect((times.last ?? 0) <= latestArrival + 24 + 1e-6)
    }

    /// The service counts arrivals: a request whose body left late counts from then, so the one that replaces it
    /// in the next window waits as long after it.
    @Test func aStartCountsFromWhenItsBodyWasSent() {
        var pacing = PacingWindow(rate: RateLimit(count: 2, seconds: 1))
        #expect(Self.startAll(&pacing, at: 0) == (2, 1))
        let second = pacing.lastTicket
        pacing.sent(second, at: 0.3)
        #expect(pacing.decide(now: 1) == .startNow)  // the first start, still counted at 0, frees a slot at 1
        #expect(pacing.decide(now: 1) == .waitUntil(1.3))  // the second counts from its send
        pacing.sent(second, at: 0.1)  // a send is never earlier than what was recorded
        #expect(pacing.decide(now: 1.2) == .waitUntil(1.3))
    }

    @Test func marginLengthensTheWindow() {
        var pacing = PacingWindow(rate: RateLimit(count: 2, seconds: 1), margin: 0.5)
        #expect(Self.startAll(&pacing, at: 0) == (2, 1.5))
    }

    @Test func aThrottlePausesEveryStart() {
        var pacing = PacingWindow(rate: RateLimit(count: 100, seconds: 1))
        #expect(pacing.throttle(for: 10, retryAfter: 10, requestStartedAt: 0, now: 0) == .newEpisode)
        #expect(pacing.decide(now: 9.9) == .waitUntil(10))
        #expect(pacing.decide(now: 10) == .startNow)
    }

    @Test func aLoneThrottleKeepsThePaceARecurringOneHalvesItOncePerEpisodeThenItRecovers() {
        var pacing = PacingWindow(rate: RateLimit(count: 8, seconds: 1))
        #expect(pacing.throttle(for: 0, retryAfter: nil, requestStartedAt: 0, now: 0) == .newEpisode)
        #expect(pacing.effectiveCount == 8)
        // Another episode within ten windows halves the pace; 429s for requests already in flight do not again.
        #expect(pacing.throttle(for: 0, retryAfter: nil, requestStartedAt: 1, now: 5) == .halved)
        #expect(pacing.throttle(for: 0, retryAfter: nil, requestStartedAt: 4, now: 5) == .sameEpisode)
        #expect(pacing.effectiveCount == 4)
        #expect(Self.startAll(&pacing, at: 5).0 == 4)
        // A 429 for a request started after the halving is a new episode.
        #expect(pacing.throttle(for: 0, retryAfter: nil, requestStartedAt: 6, now: 6) == .halved)
        #expect(pacing.effectiveCount == 2)
        // Additive increase: +1 per clean window, capped at the configured count.
        _ = pacing.decide(now: 7)
        #expect(pacing.effectiveCount == 3)
        _ = pacing.decide(now: 10)
        #expect(pacing.effectiveCount == 6)
        _ = pacing.decide(now: 20)
        #expect(pacing.effectiveCount == 8)
        // Long after the last episode, a 429 is lone again.
        #expect(pacing.throttle(for: 0, retryAfter: nil, requestStartedAt: 120, now: 120) == .newEpisode)
        #expect(pacing.effectiveCount == 8)
    }

    @Test func recoveryStepRestoresThePaceFaster() {
        var pacing = PacingWindow(rate: RateLimit(count: 40, seconds: 1), recoveryStep: 4)
        _ = pacing.throttle(for: 0, retryAfter: nil, requestStartedAt: 0, now: 0)
        #expect(pacing.throttle(for: 0, retryAfter: nil, requestStartedAt: 0.5, now: 1) == .halved)
        #expect(pacing.effectiveCount == 20)
        _ = pacing.decide(now: 3)
        #expect(pacing.effectiveCount == 28)
    }

    @Test func eachThrottleEpisodeWidensTheMarginUpToFiveTimesTheConfiguredOne() {
        var pacing = PacingWindow(rate: RateLimit(count: 1, seconds: 1), margin: 0.03)
        #expect(abs(pacing.window - 1.03) < 1e-9)
        _ = pacing.throttle(for: 0, retryAfter: nil, requestStartedAt: 0, now: 0)
        _ = pacing.throttle(for: 0, retryAfter: nil, requestStartedAt: 0, now: 0)  // the same episode
        #expect(abs(pacing.window - 1.06) < 1e-9)
        for episode in 1...10 {
            let now = Double(episode) * 100
            _ = pacing.throttle(for: 0, retryAfter: nil, requestStartedAt: now, now: now)
            #expect(abs(pacing.window - min(1.06 + 0.03 * Double(episode), 1.15)) < 1e-9)
        }
        // The wider window is what spaces the starts: one start per 1.15 s.
        #expect(pacing.decide(now: 2000) == .startNow)
        #expect(pacing.decide(now: 2001.149) == .waitUntil(2001.15))
    }

    @Test func aFullBucketPausesOncePerEpisodeAndStopsAfterTheLimit() {
        var pacing = PacingWindow(rate: RateLimit(count: 8, seconds: 1))
        #expect(pacing.pauseForFullBucket(seconds: 300, maxPauses: 2, requestStartedAt: 0.5, now: 1) == .paused(300))
        #expect(pacing.pausedUntil == 301)
        // In flight when the pause began: covered by it.
        let inFlight = pacing.pauseForFullBucket(seconds: 300, maxPauses: 2, requestStartedAt: 0.9, now: 101)
        #expect(inFlight == .alreadyPaused(200))
        #expect(pacing.pauseForFullBucket(seconds: 300, maxPauses: 2, requestStartedAt: 301, now: 301) == .paused(300))
        #expect(pacing.pauseForFullBucket(seconds: 300, maxPauses: 2, requestStartedAt: 601, now: 601) == .stop)
        #expect(pacing.effectiveCount == 8)
    }

    // MARK: The limit learnt

    static let fast = RateLimit(count: 40, seconds: 1)
    static let slow = RateLimit(count: 40, seconds: 5)

    /// Against a service enforcing 40 per 5 s, the first 429 asks for seconds, not a fraction of one: that episode
    /// switches the run to 40/5s at once, and its other 429s (requests already in flight) change nothing more.
    @Test func aRetryAfterLongerThanTheWindowSwitchesToTheSlowLimitAtOnce() {
        var pacing = PacingWindow(rate: Self.fast, margin: 0.03, slowRate: Self.slow)
        #expect(Self.startAll(&pacing, at: 0).0 == 40)
        #expect(pacing.throttle(for: 4, retryAfter: 4, requestStartedAt: 1.03, now: 1.1) == .switched(to: Self.slow))
        #expect(pacing.throttle(for: 4, retryAfter: 4, requestStartedAt: 1.05, now: 1.2) == .sameEpisode)
        #expect(pacing.rate == Self.slow && pacing.learnedRate == Self.slow)
        #expect(abs(pacing.window - 5.15) < 1e-9)
        // From now on 40 starts per 5.15 s, counted from the starts already made.
        let (started, next) = Self.startAll(&pacing, at: 5.2)
        #expect(started == 40)
        #expect(abs((next ?? 0) - 10.35) < 1e-9)
    }

    /// A service that sends no Retry-After: a recurring episode is the evidence (where the pace would otherwise halve).
    @Test func aRecurringEpisodeWithoutRetryAfterSwitches() {
        var pacing = PacingWindow(rate: Self.fast, margin: 0.03, slowRate: Self.slow)
        #expect(pacing.throttle(for: 1, retryAfter: nil, requestStartedAt: 1, now: 1.1) == .newEpisode)
        #expect(pacing.rate == Self.fast)
        #expect(pacing.throttle(for: 1, retryAfter: nil, requestStartedAt: 3, now: 3.1) == .switched(to: Self.slow))
        #expect(pacing.effectiveCount == 40)
    }

    /// Recurring 429s that ask for short waits (throttling at our window, or at random): the pace halves and
    /// recovers; the limit stays.
    @Test func recurringEpisodesWithShortRetryAftersHalveInsteadOfSwitching() {
        var pacing = PacingWindow(rate: Self.fast, margin: 0.03, slowRate: Self.slow)
        #expect(pacing.throttle(for: 1, retryAfter: 1, requestStartedAt: 1, now: 1.1) == .newEpisode)
        #expect(pacing.throttle(for: 1, retryAfter: 1, requestStartedAt: 3, now: 3.1) == .halved)
        #expect(pacing.rate == Self.fast && pacing.learnedRate == nil && pacing.effectiveCount == 20)
    }

    /// A lone 429 with a short Retry-After is arrival jitter at a 40/1s service: the run keeps its limit.
    @Test(arguments: [nil, 1.0, 1.5, 30.0] as [Double?])
    func aLoneShortOrImplausibleRetryAfterKeepsTheLimit(retryAfter: Double?) {
        var pacing = PacingWindow(rate: Self.fast, margin: 0.03, slowRate: Self.slow)
        let outcome = pacing.throttle(for: retryAfter ?? 1, retryAfter: retryAfter, requestStartedAt: 1, now: 1)
        #expect(outcome == .newEpisode)
        #expect(pacing.rate == Self.fast && pacing.learnedRate == nil)
    }

    /// The switch happens once; 429s at the slow limit are handled as before (margin, then halving).
    @Test func theSwitchHappensOnceThenThePaceAdaptsAsBefore() {
        var pacing = PacingWindow(rate: Self.fast, margin: 0.03, slowRate: Self.slow)
        #expect(pacing.throttle(for: 4, retryAfter: 4, requestStartedAt: 1, now: 1) == .switched(to: Self.slow))
        #expect(pacing.throttle(for: 4, retryAfter: 4, requestStartedAt: 2, now: 10) == .halved)
        #expect(pacing.rate == Self.slow && pacing.effectiveCount == 20)
    }

    /// Only a slower limit is a fallback: a run started at 40/5s (learnt the night before) or at 8/1s stays.
    @Test(arguments: [RateLimit(count: 40, seconds: 5), RateLimit(count: 8, seconds: 1)])
    func aRunAlreadyAtTheSlowPaceNeverSwitches(rate: RateLimit) {
        var pacing = PacingWindow(rate: rate, margin: 0.03, slowRate: Self.slow)
        _ = pacing.throttle(for: 4, retryAfter: 4, requestStartedAt: 1, now: 1)
        _ = pacing.throttle(for: 4, retryAfter: 4, requestStartedAt: 2, now: 6)
        #expect(pacing.rate == rate && pacing.learnedRate == nil)
    }
}
