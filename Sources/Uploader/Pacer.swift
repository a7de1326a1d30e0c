import Transport

/// Limits request STARTS to a sliding window shared by every worker, and pauses them all after a 429 or a full bucket.
///
/// The window: never more than `effectiveCount` starts in any half-open interval of `rate.seconds`. The last
/// `rate.count` start times are kept; with k = `effectiveCount`, the next start may happen at the k-th most recent
/// start + `rate.seconds`.
///
/// A `margin` lengthens the window by that fraction (headroom for arrival jitter at the service). Each 429 episode
/// adds the configured margin again, up to `maxMarginSteps` times it: the service counts arrivals, not starts, and a
/// 429 is the only sign that arrivals bunch more than the margin allows (measured on loopback with 40+ requests in
/// flight: up to 60 ms between handing a request to URLSession and its arrival, twice a 3% margin on 1 s).
///
/// A 429 pauses everyone for its Retry-After. When 429s recur (a new episode within `recurrenceWindows` windows of the
/// last) the effective count also halves (min 1) and then recovers additively, +`recoveryStep` for every whole window
/// without a new 429, back to `rate.count` (contract §1.7 gives two different limits, so the real one may be lower than
/// configured; AIMD finds it without hammering the service). A lone 429 only widens the margin: it is arrival jitter
/// far more often than a wrong limit, and halving for it cost 2–3 s of a 10 s upload at 40/s (docs/benchmarks.md).
actor Pacer {
    let rate: RateLimit
    private let time: any TimeSource
    /// Ascending start times, at most `rate.count` of them.
    private var starts: [Double] = []
    private(set) var effectiveCount: Int
    /// No start before this time (429 Retry-After, bucket full).
    private(set) var pausedUntil: Double = -.infinity
    /// When the current clean stretch began; each whole window since then earns +1 effective count.
    private var cleanSince: Double = 0
    /// When the last 429 episode began: a 429 for a request started before it belongs to the same episode.
    private var episodeStartedAt: Double = -.infinity
    static let recurrenceWindows = 10.0
    private var bucketPauses = 0
    private var lastBucketPauseAt: Double = -.infinity

    /// Floating-point slack: a sleeper woken at its deadline may read a clock a rounding error short of it.
    private let tolerance = 1e-9

    private(set) var window: Double
    private let marginStep: Double
    static let maxMarginSteps = 5.0
    private let recoveryStep: Int

    init(rate: RateLimit, time: any TimeSource, margin: Double = 0, recoveryStep: Int = 1) {
        self.rate = RateLimit(count: max(1, rate.count), seconds: max(0, rate.seconds))
        self.time = time
        marginStep = self.rate.seconds * max(0, margin)
        window = self.rate.seconds + marginStep
        self.recoveryStep = max(1, recoveryStep)
        effectiveCount = self.rate.count
    }

    /// Waits for a start slot, records the start and returns its time.
    /// - Throws: `CancellationError` when the waiting task is cancelled (the run is stopping).
    func acquire() async throws -> Double {
        while true {
            try Task.checkCancellation()
            let now = time.now()
            recover(now: now)
            let earliest = max(pausedUntil, windowOpensAt())
            if earliest <= now + tolerance {
                starts.append(now)
                if starts.count > rate.count { starts.removeFirst(starts.count - rate.count) }
                return now
            }
            // Others may take the slot or pause everyone while this sleeps (actor reentrancy), so re-check on waking.
            try await time.sleep(seconds: earliest - now)
        }
    }

    /// A 429 for a request started at `requestStartedAt`: nobody starts for `seconds`. Once per episode (a burst of
    /// 429s for requests that were already in flight is one episode) the margin widens, and the pace halves when the
    /// episode recurs soon after the last.
    func throttle(for seconds: Double, requestStartedAt: Double) {
        let now = time.now()
        pausedUntil = max(pausedUntil, now + max(0, seconds))
        // Strictly after: 429s for requests started at the instant the episode began belong to the same burst.
        if requestStartedAt > episodeStartedAt {
            let recurs = now - episodeStartedAt <= window * Self.recurrenceWindows
            episodeStartedAt = now
            window = min(window + marginStep, rate.seconds + marginStep * Self.maxMarginSteps)
            if recurs { effectiveCount = max(1, effectiveCount / 2) }
        }
        cleanSince = max(now, pausedUntil)
    }

    /// What to do about a "bucket full" answer (contract §1.6).
    enum FullBucketDecision: Equatable {
        /// A new episode: everybody was paused for this many seconds.
        case paused(Double)
        /// The request started before the current pause began: the pause already covers it; this many seconds remain.
        case alreadyPaused(Double)
        /// More than `maxPauses` episodes: stop the run.
        case stop
    }

    /// Bucket full for a request started at `requestStartedAt`: nobody starts for `seconds` (the pace is unchanged).
    /// Counting episodes here, in the same actor step as the pause, means the in-flight requests that hit the same full
    /// bucket count once and none of them can start between the decision and the pause.
    func pauseForFullBucket(seconds: Double, maxPauses: Int, requestStartedAt: Double) -> FullBucketDecision {
        let now = time.now()
        // Strictly before: a retry started at the very instant a zero-length pause began is a new episode, so that
        // `bucketFullWait = 0` still counts towards `maxPauses` instead of retrying forever.
        if requestStartedAt < lastBucketPauseAt { return .alreadyPaused(max(0, pausedUntil - now)) }
        guard bucketPauses < maxPauses else { return .stop }
        bucketPauses += 1
        lastBucketPauseAt = now
        pausedUntil = max(pausedUntil, now + max(0, seconds))
        return .paused(seconds)
    }

    /// The time at which a start would keep the window invariant.
    private func windowOpensAt() -> Double {
        guard starts.count >= effectiveCount else { return -.infinity }
        return starts[starts.count - effectiveCount] + window
    }

    /// Additive increase: +1 per whole clean window since the last 429.
    private func recover(now: Double) {
        guard effectiveCount < rate.count, rate.seconds > 0, now > cleanSince else { return }
        let windows = Int(((now - cleanSince) / rate.seconds + tolerance).rounded(.down))
        guard windows > 0 else { return }
        effectiveCount = min(rate.count, effectiveCount + windows * recoveryStep)
        cleanSince += Double(windows) * rate.seconds
    }
}
