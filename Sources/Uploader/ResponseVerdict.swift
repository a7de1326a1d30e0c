import Foundation
import Transport

/// What one bulkUpload answer means for its batch and for the run: a pure function of the response, so the policy is
/// tested without I/O.
enum ResponseVerdict: Equatable {
    /// 2xx (202 per contract §1.5).
    case accepted
    /// 400 and other 4xx not listed below: resending the same body cannot help (contract §1.6).
    case rejected(GraphError)
    /// 401: refresh the token once and resend.
    case unauthorized(GraphError)
    /// 403, 404, 3xx: nothing will succeed; the run stops.
    case stop(StopReason, GraphError)
    /// 429: everybody pauses for Retry-After (or the backoff when absent, contract §6.1), then the batch is resent.
    case throttled(retryAfter: Double?, GraphError)
    /// 500 "bucket full" (contract §1.6): everybody pauses for minutes, then the batch is resent.
    case bucketFull(GraphError)
    /// 500/502/503/504: back off and resend; 503/504 may carry Retry-After (contract §6.1).
    case serverError(retryAfter: Double?, GraphError)
    /// Any other status (e.g. 501, 1xx): not retried.
    case failed(GraphError)

    init(response: HTTPResponse, now: Date = Date()) {
        let status = response.status
        switch status {
        case 200..<300:
            self = .accepted
            return
        case 300..<400:
            self = .stop(.redirected(status: status, location: response.header("Location")), GraphError(response: response))
            return
        default:
            break
        }
        let error = GraphError(response: response)
        switch status {
        case 401: self = .unauthorized(error)
        case 403: self = .stop(.forbidden(error), error)
        case 404: self = .stop(.notFound(error), error)
        case 429: self = .throttled(retryAfter: RetryAfter.seconds(from: response.header("Retry-After"), now: now), error)
        case 400..<500: self = .rejected(error)
        case 500 where Self.isBucketFull(error):
            self = .bucketFull(error)
        case 503, 504:
            self = .serverError(retryAfter: RetryAfter.seconds(from: response.header("Retry-After"), now: now), error)
        case 500, 502: self = .serverError(retryAfter: nil, error)
        default: self = .failed(error)
        }
    }

    /// Contract §1.6: the code is not documented, so this is the one place that keys on the message text (§6.1 says
    /// not to, but the message is all there is). A non-JSON body's text is in `message` too.
    private static func isBucketFull(_ error: GraphError) -> Bool {
        let message = error.message.lowercased()
        return message.contains("bucket") && message.contains("is full")
    }
}
