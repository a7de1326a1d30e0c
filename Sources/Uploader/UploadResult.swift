/// Everything a run did, for the report and the exit status.
public struct UploadResult: Sendable {
    /// Every batch the source produced, sorted by index (unsent ones `.notSent`).
    public let outcomes: [BatchOutcome]
    /// HTTP requests made.
    public let requests: Int
    /// Requests that repeated an earlier request's batch (5xx, transport, 429, 401 and bucket-full retries).
    public let retries: Int
    /// 429 answers.
    public let throttled: Int
    /// 401-triggered token invalidations.
    public let tokenRefreshes: Int
    public let stopReason: StopReason?
    /// `TimeSource` seconds.
    public let startedAt: Double
    public let finishedAt: Double
    /// The limit the service was found to enforce when it is lower than `UploadConfiguration.rate`; nil when the run
    /// kept its starting limit. A caller stores it so that the next run starts at it.
    public let learnedRate: RateLimit?

    public init(
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
