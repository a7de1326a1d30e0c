import Transport

/// Limits request STARTS to a sliding window shared by every worker, and pauses them all after a 429 or a full
/// bucket: the async shell of `PacingWindow`, which decides everything; this only sleeps until the time it answers.
actor Pacer {
    private var pacing: PacingWindow
    private let time: any TimeSource

    init(rate: RateLimit, time: any TimeSource, margin: Double = 0, recoveryStep: Int = 1, slowRate: RateLimit? = nil) {
        pacing = PacingWindow(rate: rate, margin: margin, recoveryStep: recoveryStep, slowRate: slowRate)
        self.time = time
    }

    var effectiveCount: Int { pacing.effectiveCount }
    var pausedUntil: Double { pacing.pausedUntil }
    var window: Double { pacing.window }
    var rate: RateLimit { pacing.rate }

    /// A start slot: when it was taken, and the ticket to report the send with (`sent`).
    struct Slot: Sendable {
        let time: Double
        let ticket: Int
    }

    /// Waits for a start slot, records the start and returns it.
    /// - Throws: `CancellationError` when the waiting task is cancelled (the run is stopping).
    func acquire() async throws -> Slot {
        while true {
            try Task.checkCancellation()
            let now = time.now()
            switch pacing.decide(now: now) {
            case .startNow:
                return Slot(time: now, ticket: pacing.lastTicket)
            case .waitUntil(let earliest):
                // Others may take the slot or pause everyone while this sleeps (actor reentrancy): ask again on waking.
                try await time.sleep(seconds: earliest - now)
            }
        }
    }

    /// The body of the request that took `slot` was sent in full at `time` (see `PacingWindow.sent`).
    func sent(_ slot: Slot, at time: Double) { pacing.sent(slot.ticket, at: time) }

    /// A 429 for a request started at `requestStartedAt`: nobody starts for `seconds` (see `PacingWindow`).
    @discardableResult
    func throttle(for seconds: Double, retryAfter: Double? = nil, requestStartedAt: Double)
        -> PacingWindow.ThrottleOutcome
    {
        pacing.throttle(for: seconds, retryAfter: retryAfter, requestStartedAt: requestStartedAt, now: time.now())
    }

    /// Bucket full for a request started at `requestStartedAt` (see `PacingWindow`).
    func pauseForFullBucket(seconds: Double, maxPauses: Int, requestStartedAt: Double)
        -> PacingWindow.FullBucketDecision
    {
        pacing.pauseForFullBucket(
            seconds: seconds, maxPauses: maxPauses, requestStartedAt: requestStartedAt, now: time.now())
    }
}
