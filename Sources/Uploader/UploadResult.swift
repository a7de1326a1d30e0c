/// Everything a run did, for the report and the exit status.
package struct UploadResult: Sendable {
    /// Every batch the source produced, sorted by index (unsent ones `.notSent`).
    package let outcomes: [BatchOutcome]
    /// HTTP requests made.
    package let requests: Int
    /// Requests that repeated an earlier request's batch (5xx, transport, 429, 401 and bucket-full retries).
    package let retries: Int
    /// 429 answers.
    package let throttled: Int
    /// 401-triggered token invalidations.
    package let tokenRefreshes: Int
    package let stopReason: StopReason?
    /// `TimeSource` seconds.
    package let startedAt: Double
    package let finishedAt: Double
    /// The limit the service was found to enforce when it is lower than `UploadConfiguration.rate`; nil when the run
    /// kept its starting limit. A caller stores it so that the next run starts at it.
    package let learnedRate: RateLimit?

    package init(
        outcomes: [BatchOutcome], requests: Int, retries: Int, throttled: Int, tokenRefreshes: Int,
        stopReason: StopReason?, startedAt: Double, finishedAt: Double, learnedRate: RateLimit? = nil
    ) {
        self.outcomes = outcomes
        self.requests = requests
        self.retries = retries
        self.throttled = throttled
        self.tokenRefreshes = tokenRefreshes
        self.stopReason = stopReason
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.learnedRate = learnedRate
    }
}
