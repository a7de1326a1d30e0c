import Graph

/// Why a run stopped before sending every batch. The first reason wins; later ones are ignored.
package enum StopReason: Sendable, Equatable {
    /// 403: exit 77, names SynchronizationData-User.Upload (docs/service.md, "bulkUpload").
    case forbidden(GraphError?)
    /// 401 again after one refresh, or the token provider threw: exit 77.
    case unauthorized(String)
    /// 404: wrong service principal / job id: exit 78.
    case notFound(GraphError?)
    /// 3xx: exit 78 (a redirected POST loses its body and could carry the token elsewhere, so none is followed).
    case redirected(status: Int, location: String?)
    /// The service stayed unavailable (consecutive failed batches), or something that is not Graph answered (an HTML
    /// page, 407): exit 69.
    case unavailable(String)
    /// The next batch could not be read from the source (the run's temporary spool file): a local I/O failure, not
    /// the service's; exit 73, resumable once the disk is fixed.
    case sourceFailed(String)
    /// `maxRequests` HTTP requests were made: exit 75 (resumable).
    case maxRequestsReached(Int)
    /// 500 bucket full and the waits are exhausted: exit 75.
    case bucketFull
    /// `stop()` was called (SIGINT/SIGTERM) or the task running `run` was cancelled: exit 75.
    case cancelled
    /// The server asked (HTTP `status`, `Retry-After: retryAfter`, i.e. `seconds`) for a wait longer than
    /// `UploadConfiguration.maxWait`: exit 75, resumable later.
    case waitTooLong(status: Int, retryAfter: String, seconds: Double, maxWait: Double)
}
