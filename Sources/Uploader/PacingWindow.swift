/// The pacing policy as a value: may a request start now, or when; and what a 429 or a full bucket changes. `Pacer`
/// is its async shell (it sleeps until the time answered here); everything it decides is tested without waiting.
///
/// The window: never more than `effectiveCount` starts in any half-open interval of `window` seconds (the limit's
/// window plus a margin). The last `rate.count` start times are kept; with k = `effectiveCount`, the next start may
/// happen at the k-th most recent start + `window`.
///
/// A start's time moves to when its body was sent in full (`sent`), once that is known: the service counts arrivals,
/// and the requests of one burst leave one after the other (measured on loopback: 7-14 ms after their start at the
/// median, up to 90 ms for the last of 40 started together). Counting from the send keeps each request one window
/// after the one it replaces *as the service sees them*, where counting from the starts let 41-48 arrive in a second.
///
/// The margin is headroom for arrival jitter at the service. Each 429 episode adds the configured margin again, up
/// to `maxMarginSteps` times it: the service counts arrivals, not starts, and a 429 is the only sign that arrivals
/// bunch more than the margin allows (measured on loopback with 40+ requests in flight: up to 60 ms between handing a
/// request to the transport and its arrival, twice a 3% margin on 1 s). A 429 for a request started before the current
/// episode began belongs to it (those requests were already in flight).
///
/// The documents give exactly two limits, 40 per second and 40 in any 5 seconds (docs/service.md, "Throttling and
/// quotas"). A run paced faster than `slowRate` switches to it at once, for the rest of the run, at the first 429
/// episode that shows the service enforces it:
/// - its Retry-After is longer than one and a half of the run's windows (a service with our window never needs that
///   long to free a slot) and at most two slow windows: this is the first episode, so there is only one; or
/// - the service sends no Retry-After and 429s recur (a new episode within `recurrenceWindows` windows of the last):
///   the second episode, as there is nothing else to go on.
/// A lone 429 with a short Retry-After only widens the margin: it is arrival jitter far more often than a wrong
/// limit, and switching for it would cost four fifths of the throughput for the rest of the run. Recurring 429s with
/// short Retry-Afters (a service throttling at our window, or at random) are not a 5-second window either: they
/// halve the pace as below, which then recovers.
///
/// Once no switch is left, recurring 429s halve the effective count (min 1), which then recovers additively,
/// +`recoveryStep` for every whole window without a new 429, back to `rate.count`.
struct PacingWindow: Sendable, Equatable {
    enum Decision: Equatable {
        /// The start was recorded.
        case startNow
        /// Ask again at this time (others may start first, or pause everyone, in the meantime).
        case waitUntil(Double)
    }

    /// What a 429 changed.
    enum ThrottleOutcome: Equatable {
        /// It belongs to the current episode: only the pause may have grown.
        case sameEpisode
        /// A new episode: the margin widened.
        case newEpisode
        /// A recurring episode: the effective count halved.
        case halved
        /// The service enforces `slowRate`: the run paces to it from now on.
        case switched(to: RateLimit)
    }

    /// What to do about a "bucket full" answer.
    enum FullBucketDecision: Equatable {
        /// A new episode: everybody was paused for this many seconds.
        case paused(Double)
        /// The request started before the current pause began: the pause already covers it; this many seconds remain.
        case alreadyPaused(Double)
        /// More than `maxPauses` episodes: stop the run.
        case stop
    }

    static let recurrenceWindows = 10.0
    static let maxMarginSteps = 5.0
    /// Floating-point slack: a sleeper woken at its deadline may read a clock a rounding error short of it.
    static let tolerance = 1e-9

    /// The limit paced to now: the starting one, or `slowRate` once learnt.
    private(set) var rate: RateLimit
    /// `slowRate` when the run switched to it.
    private(set) var learnedRate: RateLimit?
    private(set) var effectiveCount: Int
    /// No start before this time (429 Retry-After, bucket full).
    private(set) var pausedUntil: Double = -.infinity
    private(set) var window: Double
    private let margin: Double
    private let slowRate: RateLimit?
    private let recoveryStep: Int
    /// A recorded start: its time (the send, once known) and the ticket that names it.
    private struct Start: Equatable {
        let ticket: Int
        var time: Double
    }

    /// Ascending start times, at most `rate.count` of them.
    private var starts: [Start] = []
    private var nextTicket = 0
    /// The ticket of the start recorded by the last `.startNow`.
    private(set) var lastTicket = 0
    /// When the current clean stretch began; each whole window since then earns `recoveryStep` effective count.
    private var cleanSince: Double = 0
    /// When the last 429 episode began: a 429 for a request started before it belongs to the same episode.
    private var episodeStartedAt: Double = -.infinity
    private var bucketPauses = 0
    private var lastBucketPauseAt: Double = -.infinity

    init(rate: RateLimit, margin: Double = 0, recoveryStep: Int = 1, slowRate: RateLimit? = nil) {
        let rate = RateLimit(count: max(1, rate.count), seconds: max(0, rate.seconds))
        self.rate = rate
        self.margin = max(0, margin)
        self.recoveryStep = max(1, recoveryStep)
        window = rate.seconds * (1 + self.margin)
        effectiveCount = rate.count
        // Only a slower limit is a fallback; 8/1s and 40/5s have the same average pace.
        self.slowRate = slowRate.flatMap { slow in
            slow.count > 0 && slow.seconds > 0 && rate.perSecond > slow.perSecond ? slow : nil
        }
    }

    /// Start now (and the start is recorded), or wait until the time returned and ask again.
    mutating func decide(now: Double) -> Decision {
        recover(now: now)
        let earliest = max(pausedUntil, windowOpensAt())
        guard earliest <= now + Self.tolerance else { return .waitUntil(earliest) }
        nextTicket += 1
        lastTicket = nextTicket
        starts.append(Start(ticket: nextTicket, time: now))
        if starts.count > rate.count { starts.removeFirst(starts.count - rate.count) }
        return .startNow
    }

    /// The body of the request started with `ticket` was sent in full at `time`: the start counts from then.
    mutating func sent(_ ticket: Int, at time: Double) {
        guard let index = starts.firstIndex(where: { $0.ticket == ticket }), time > starts[index].time else { return }
        starts[index].time = time
        starts.sort { $0.time < $1.time }
    }

    /// A 429 at `now` for a request started at `requestStartedAt`: nobody starts for `seconds`. Once per episode the
    /// margin widens, the limit switches, or the pace halves (see the type's description). `retryAfter` is the
    /// server's own value, nil when it sent none.
    mutating func throttle(for seconds: Double, retryAfter: Double?, requestStartedAt: Double, now: Double)
        -> ThrottleOutcome
    {
        pausedUntil = max(pausedUntil, now + max(0, seconds))
        defer { cleanSince = max(now, pausedUntil) }
        // Strictly after: 429s for requests started at the instant the episode began belong to the same burst.
        guard requestStartedAt > episodeStartedAt else { return .sameEpisode }
        let recurs = now - episodeStartedAt <= window * Self.recurrenceWindows
        episodeStartedAt = now
        if let slow = slowRate, learnedRate == nil,
            showsLongerWindow(retryAfter, slow: slow) || (recurs && retryAfter == nil)
        {
            rate = slow
            learnedRate = slow
            window = slow.seconds * (1 + margin)
            effectiveCount = slow.count
            return .switched(to: slow)
        }
        window = min(window + rate.seconds * margin, rate.seconds * (1 + margin * Self.maxMarginSteps))
        guard recurs else { return .newEpisode }
        effectiveCount = max(1, effectiveCount / 2)
        return .halved
    }

    /// A Retry-After that a service with our window would never need, but one with the slow window would.
    private func showsLongerWindow(_ retryAfter: Double?, slow: RateLimit) -> Bool {
        guard let retryAfter else { return false }
        return retryAfter > rate.seconds * 1.5 && retryAfter <= slow.seconds * 2
    }

    /// Bucket full for a request started at `requestStartedAt`: nobody starts for `seconds` (the pace is unchanged).
    /// Counting episodes in the same step as the pause means the in-flight requests that hit the same full bucket
    /// count once and none of them can start between the decision and the pause.
    mutating func pauseForFullBucket(seconds: Double, maxPauses: Int, requestStartedAt: Double, now: Double)
        -> FullBucketDecision
    {
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
        return starts[starts.count - effectiveCount].time + window
    }

    /// Additive increase: `recoveryStep` per whole clean window since the last 429.
    private mutating func recover(now: Double) {
        guard effectiveCount < rate.count, rate.seconds > 0, now > cleanSince else { return }
        let windows = ((now - cleanSince) / rate.seconds + Self.tolerance).rounded(.down)
        guard windows >= 1 else { return }
        effectiveCount = Int(min(Double(rate.count), Double(effectiveCount) + windows * Double(recoveryStep)))
        cleanSince += windows * rate.seconds
    }
}

extension RateLimit {
    /// Starts per second on average.
    var perSecond: Double { seconds > 0 ? Double(count) / seconds : .infinity }
}
