/// Progress reported while a run goes on; delivered from whichever task made the progress, so handlers must be quick
/// and thread-safe.
package enum UploadEvent: Sendable {
    /// `attempt` is the 1-based number of this HTTP request for the batch.
    case batchStarted(index: Int, attempt: Int, clientRequestId: String)
    /// Every batch finishes exactly once, unsent ones included; the CLI journals accepted batches here, in real time.
    case batchFinished(BatchOutcome)
    /// `attempt` is the number of the request that will be made after `delay` seconds.
    case retryScheduled(index: Int, attempt: Int, delay: Double, reason: String)
    /// A 429: every request start waits `retryAfter` seconds.
    case throttled(retryAfter: Double)
    /// Bucket full: every request start waits `seconds`.
    case paused(seconds: Double, reason: String)
    /// A 2xx other than the documented 202 (200, 201, 204, …): counted as accepted, but worth a warning.
    case acceptedWithUnexpectedStatus(index: Int, status: Int)
    /// The service enforces a lower limit than the run started at: from now on it paces at `rate` (also in
    /// `UploadResult.learnedRate`, for the next run to start at).
    case learnedRate(RateLimit)
}
