import Foundation

/// How `BulkUploader` paces, retries and gives up. Out-of-range values are clamped to the nearest sensible one.
package struct UploadConfiguration: Sendable {
    /// The job's `/bulkUpload` URL (docs/service.md, "bulkUpload").
    package var endpoint: URL
    /// The limit the run starts at: request starts per sliding window; every attempt counts, retries included. A
    /// caller that remembers `UploadResult.learnedRate` from an earlier run passes it here.
    package var rate: RateLimit = UploadConfiguration.defaultRate
    /// 40 requests per second, the Graph reference's figure (docs/service.md, "Throttling and quotas").
    package static let defaultRate = RateLimit(count: 40, seconds: 1)
    /// The other documented limit, 40 requests in any 5 seconds (the newer Entra documents). A run started faster than
    /// it switches to it, for the rest of the run, at the first 429 episode that shows the service enforces it
    /// (`PacingWindow`), and reports it as `UploadResult.learnedRate`. Nil: never switch.
    package var slowRate: RateLimit? = UploadConfiguration.documentedSlowRate
    package static let documentedSlowRate = RateLimit(count: 40, seconds: 5)
    /// Requests in flight (the CLI sets the transport's per-host connection cap to match).
    package var concurrency: Int = 40
    /// Headroom on the window, as a fraction of its length: the service counts arrivals, which lag request starts by a
    /// varying few milliseconds, so starts exactly one window apart can land inside one window there. Each 429 episode
    /// adds it again, up to five times (`PacingWindow`).
    package var windowMargin: Double = 0
    /// Effective count regained per clean window after recurring 429s halved it.
    package var recoveryStep: Int = 1
    /// For 5xx/transport errors, per batch.
    package var maxAttempts: Int = 5
    /// 429s per batch before it is `failed`.
    package var maxThrottledRetries: Int = 30
    /// The client's backoff curve (`Backoff`, full jitter): delay = random(0 ..< min(cap, base × 2^(attempt−1))).
    package var backoffBase: Double = 1
    package var backoffCap: Double = 30
    /// The longest wait a server may ask for (Retry-After on a 429, 503 or 504). A longer one stops the run as
    /// resumable (`StopReason.waitTooLong`) instead of sleeping for days.
    package var maxWait: Double = 600
    /// After "bucket full", wait minutes, not seconds (docs/service.md, "bulkUpload").
    package var bucketFullWait: Double = 300
    /// 0 = stop at the first bucket-full.
    package var bucketFullMaxWaits: Int = 3
    /// HTTP requests (attempts) before stopping cleanly.
    package var maxRequests: Int? = nil
    /// Batches in a row exhausting their attempts -> stop, `.unavailable`.
    package var unavailableAfterConsecutiveFailures: Int = 3
    /// The deadline of each request, connecting included (whole seconds).
    package var requestTimeoutSeconds: Int = 60
    /// After a stop, how long requests already on the wire may still finish before they are cancelled.
    package var stopGraceSeconds: Double = 3
    /// How long after the batch holding a record's manager has been sent in full the record's own batch may start:
    /// the service processes requests in the order they arrive, and this leaves room for the two to arrive in the
    /// order they were sent (`ArrivalBoard`).
    package var managerArrivalGap: Double = 0.05
    package var userAgent: String = "provision"

    package init(endpoint: URL) {
        self.endpoint = endpoint
    }
}
