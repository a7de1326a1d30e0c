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

    public init(
        outcomes: [BatchOutcome], requests: Int, retries: Int, throttled: Int, tokenRefreshes: Int,
        stopReason: StopReason?, startedAt: Double, finishedAt: Double
    ) {
        self.outcomes = outcomes
        self.requests = requests
        self.retries = retries
        self.throttled = throttled
        self.tokenRefreshes = tokenRefreshes
        self.stopReason = stopReason
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}
