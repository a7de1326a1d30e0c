import Graph

/// What became of one batch.
package enum BatchStatus: String, Sendable, Codable {
    /// 202 (or another 2xx, with a warning): staged by the service; per-record results appear only in the
    /// provisioning logs.
    case accepted
    /// A 4xx that resending cannot fix (400 "Invalid Data Format").
    case rejected
    /// Sent, but never accepted: retries exhausted, or the answer that stopped the run, or stopped between retries.
    case failed
    /// The service never took it and the run stopped: no request was made for it, or every answer refused it (a
    /// 429 or bucket full, the run stopping during the pause). Sending it again is all `--resume` needs to do.
    case notSent
}

/// The result of one batch, reported in `UploadEvent.batchFinished` and in `UploadResult.outcomes`.
package struct BatchOutcome: Sendable, Equatable {
    package let index: Int
    package let recordCount: Int
    package let status: BatchStatus
    /// HTTP requests made for this batch (401 refreshes and 429 retries included).
    package let attempts: Int
    /// Of the last attempt.
    package let clientRequestId: String?
    /// Of the last answer; nil for transport failures and unsent batches.
    package let httpStatus: Int?
    /// Graph error code + message, or a transport/stop description with a code such as "Timeout", "ConnectionFailed"
    /// or "NotSent".
    package let error: GraphError?
    /// Accepted more than once (sent again after its managers' batch): seconds from the first acceptance to the last.
    package var acceptedSpan: Double?

    package init(
        index: Int, recordCount: Int, status: BatchStatus, attempts: Int, clientRequestId: String?, httpStatus: Int?,
        error: GraphError?, acceptedSpan: Double? = nil
    ) {
        self.index = index
        self.recordCount = recordCount
        self.status = status
        self.attempts = attempts
        self.clientRequestId = clientRequestId
        self.httpStatus = httpStatus
        self.error = error
        self.acceptedSpan = acceptedSpan
    }
}
