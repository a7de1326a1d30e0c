import Graph

/// The shared bookkeeping of one run: request counters, the `maxRequests` budget, the outcomes, and the count of
/// failed batches in a row that decides `.unavailable`.
actor UploadRun {
    private let maxRequests: Int?
    private let unavailableAfter: Int
    private let stopSwitch: StopSwitch
    private let events: @Sendable (UploadEvent) -> Void

    private var outcomes: [BatchOutcome] = []
    private var requests = 0
    private var retries = 0
    private var throttled = 0
    private var tokenRefreshes = 0
    private var failedInARow = 0
    private var learnedRate: RateLimit?

    init(configuration: UploadConfiguration, stopSwitch: StopSwitch, events: @escaping @Sendable (UploadEvent) -> Void)
    {
        maxRequests = configuration.maxRequests.map { max(0, $0) }
        unavailableAfter = configuration.unavailableAfterConsecutiveFailures
        self.stopSwitch = stopSwitch
        self.events = events
    }

    /// Claims one HTTP request; false (and nothing may be sent) when the run has stopped or the budget is spent.
    func reserveRequest(isRetry: Bool) -> Bool {
        guard !stopSwitch.isTripped else { return false }
        if let maxRequests, requests >= maxRequests {
            stopSwitch.trip(.maxRequestsReached(maxRequests))
            return false
        }
        requests += 1
        if isRetry { retries += 1 }
        return true
    }

    func noteThrottled() { throttled += 1 }
    func noteTokenRefresh() { tokenRefreshes += 1 }
    func noteLearned(_ rate: RateLimit) { learnedRate = rate }

    /// Records a batch's final outcome. `countsAsFailure` is false for a batch whose failure stopped the run or that
    /// was interrupted by a stop: only batches that exhausted their attempts say the service is unavailable.
    func finish(_ outcome: BatchOutcome, countsAsFailure: Bool = false) {
        outcomes.append(outcome)
        events(.batchFinished(outcome))
        switch outcome.status {
        case .accepted:
            failedInARow = 0
        case .failed where countsAsFailure:
            failedInARow += 1
            if unavailableAfter > 0, failedInARow >= unavailableAfter {
                let last = outcome.error.map { "; the last: \($0.code): \($0.message)" } ?? ""
                stopSwitch.trip(.unavailable("\(failedInARow) batches in a row failed after every retry\(last)"))
            }
        default:
            break
        }
    }

    func result(startedAt: Double, finishedAt: Double) -> UploadResult {
        UploadResult(
            outcomes: outcomes.sorted { $0.index < $1.index }, requests: requests, retries: retries,
            throttled: throttled, tokenRefreshes: tokenRefreshes, stopReason: stopSwitch.stopReason,
            startedAt: startedAt, finishedAt: finishedAt, learnedRate: learnedRate)
    }
}

extension BatchOutcome {
    /// A batch for which no request was made because the run had stopped.
    static func notSent(_ batch: UploadBatch, because reason: StopReason?) -> BatchOutcome {
        BatchOutcome(
            index: batch.index, recordCount: batch.recordCount, status: .notSent, attempts: 0, clientRequestId: nil,
            httpStatus: nil, error: .notSent(because: reason))
    }
}

extension GraphError {
    /// - Parameter refusal: the service's last answer to the batch, when it was sent and refused (a 429).
    static func notSent(because reason: StopReason?, after refusal: GraphError? = nil) -> GraphError {
        let refused = refusal.map { "; the service had not taken it (\($0.code))" } ?? ""
        return GraphError(
            code: "NotSent", message: "not sent: the run stopped (\(reason?.summary ?? "stopped"))\(refused)")
    }
}

extension StopReason {
    /// A few words for `NotSent` messages; the CLI writes the full, actionable text.
    var summary: String {
        switch self {
        case .forbidden(let error): "403 Forbidden\(error.map { " \($0.code)" } ?? "")"
        case .unauthorized(let detail): "authentication failed: \(detail)"
        case .notFound(let error): "404 Not Found\(error.map { " \($0.code)" } ?? "")"
        case .redirected(let status, let location): "redirected: \(status) to \(location ?? "no Location")"
        case .unavailable(let detail): "service unavailable: \(detail)"
        case .sourceFailed(let detail): "the next batch could not be read: \(detail)"
        case .maxRequestsReached(let count): "reached the limit of \(count) request\(count == 1 ? "" : "s")"
        case .bucketFull: "the ingestion bucket stayed full"
        case .cancelled: "cancelled"
        case .waitTooLong(let status, let retryAfter, _, _):
            "HTTP \(status) asked to wait too long (Retry-After: \(retryAfter))"
        }
    }
}
