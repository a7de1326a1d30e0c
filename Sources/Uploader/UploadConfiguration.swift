import Foundation

/// How `BulkUploader` paces, retries and gives up. Out-of-range values are clamped to the nearest sensible one.
public struct UploadConfiguration: Sendable {
    /// The job's `/bulkUpload` URL (contract §1.1).
    public var endpoint: URL
    /// Request starts per sliding window (contract §1.7); every attempt counts, retries included.
    public var rate: RateLimit = UploadConfiguration.defaultRate
    /// 40 requests per second: the design's figure, from the Graph reference (contract §1.7).
    public static let defaultRate = RateLimit(count: 40, seconds: 1)
    /// Requests in flight (the CLI sets URLSession's per-host cap to match).
    public var concurrency: Int = 40
    /// Headroom on the window, as a fraction of its length: the service counts arrivals, which lag request starts by a
    /// varying few milliseconds, so starts exactly one window apart can land inside one window there. Each 429 episode
    /// adds it again, up to five times (`Pacer`).
    public var windowMargin: Double = 0
    /// Effective count regained per clean window after recurring 429s halved it.
    public var recoveryStep: Int = 1
    /// For 5xx/transport errors, per batch.
    public var maxAttempts: Int = 5
    /// 429s per batch before it is `failed`.
    public var maxThrottledRetries: Int = 30
    /// Full jitter: delay = random(0 ... min(cap, base * 2^(attempt-1))).
    public var backoffBase: Double = 1
    public var backoffCap: Double = 30
    /// Contract §1.6: after "bucket full", wait minutes, not seconds.
    public var bucketFullWait: Double = 300
    /// 0 = stop at the first bucket-full.
    public var bucketFullMaxWaits: Int = 3
    /// HTTP requests (attempts) before stopping cleanly.
    public var maxRequests: Int? = nil
    /// Batches in a row exhausting their attempts -> stop, `.unavailable`.
    public var unavailableAfterConsecutiveFailures: Int = 3
    /// Whole seconds (URLSession on Linux truncates fractions; style.md).
    public var requestTimeoutSeconds: Int = 60
    public var userAgent: String = "provision"

    public init(endpoint: URL) {
        self.endpoint = endpoint
    }
}
