import Foundation
import Graph
import JSONDocument
import Transport

/// A wait a server asked for: the seconds (clamped, `RetryAfter`), with the answer's status and its `Retry-After`
/// text, cleaned, for messages.
struct ServerDelay: Sendable, Equatable {
    let seconds: Double
    let status: Int
    let header: String

    init?(_ response: HTTPResponse, now: Date) {
        guard let text = response.header("Retry-After"), let seconds = RetryAfter.seconds(from: text, now: now) else {
            return nil
        }
        self.init(seconds: seconds, status: response.status, header: ServerText.clean(text, limit: 60))
    }

    init(seconds: Double, status: Int, header: String) {
        self.seconds = seconds
        self.status = status
        self.header = header
    }
}

/// What one bulkUpload answer means for its batch and for the run: a pure function of the response, so the policy is
/// tested without I/O (`BatchRetryPolicy` turns it into an action).
enum ResponseVerdict: Equatable {
    /// 202 with an empty body, the documented success (docs/service.md, "bulkUpload").
    case accepted
    /// Another 2xx whose body is empty or a JSON object that is not an error: accepted, with a warning.
    case acceptedUnexpectedly(status: Int)
    /// 400 and other 4xx not listed below: resending the same body cannot help.
    case rejected(GraphError)
    /// 401: refresh the token once and resend.
    case unauthorized(GraphError)
    /// 403, 404, 3xx, 407, or an HTML page where Graph would have answered otherwise: nothing will succeed; the run
    /// stops.
    case stop(StopReason, GraphError)
    /// 429: everybody pauses for Retry-After (or the backoff when absent), then the batch is resent.
    case throttled(retryAfter: ServerDelay?, GraphError)
    /// 500 "bucket full": everybody pauses for minutes, then the batch is resent.
    case bucketFull(GraphError)
    /// 500/502/503/504: back off and resend; 503/504 may carry Retry-After.
    case serverError(retryAfter: ServerDelay?, GraphError)
    /// No HTTP answer (timeout, dropped connection, cancelled): the outcome is unknown, and resending is safe
    /// because the service matches records on externalId (docs/service.md, "How the service treats records").
    case noAnswer(GraphError)
    /// Any other status (e.g. 501, 1xx), or a 2xx whose body is a Graph error or not bulkUpload's answer
    /// (`notAnAcceptance`): not retried, counted as a failure.
    case failed(GraphError)

    var isAccepted: Bool {
        switch self {
        case .accepted, .acceptedUnexpectedly: true
        default: false
        }
    }

    /// The error this answer carries; nil for an accepted one.
    var error: GraphError? {
        switch self {
        case .accepted, .acceptedUnexpectedly: nil
        case .rejected(let error), .unauthorized(let error), .stop(_, let error), .throttled(_, let error),
            .bucketFull(let error), .serverError(_, let error), .noAnswer(let error), .failed(let error):
            error
        }
    }

    init(response: HTTPResponse, now: Date = Date()) {
        let status = response.status
        if response.isHTML, (200..<300).contains(status) || [401, 403, 404].contains(status) {
            // Graph never answers HTML: a proxy or captive portal did (a sign-in page with 200, a block page with 403).
            let error = GraphError(response: response)
            self = .stop(.unavailable(error.message), error)
            return
        }
        if (200..<300).contains(status) {
            if let error = Self.notAnAcceptance(response) {
                self = .failed(error)
            } else {
                self = status == 202 ? .accepted : .acceptedUnexpectedly(status: status)
            }
            return
        }
        // Only an answer that is not a success is quoted: its body is capped at 64 KB, and cleaned within a limit.
        let error = GraphError(response: response)
        switch status {
        case 300..<400:
            let location = response.header("Location").map { ServerText.clean($0, limit: 200) }
            self = .stop(.redirected(status: status, location: location), error)
        case 401: self = .unauthorized(error)
        case 403: self = .stop(.forbidden(error), error)
        case 404: self = .stop(.notFound(error), error)
        case 407:
            let detail =
                "HTTP 407 Proxy Authentication Required: a proxy between this host and Microsoft Graph "
                + "wants credentials (check HTTPS_PROXY)"
            self = .stop(.unavailable(detail), error)
        case 429: self = .throttled(retryAfter: ServerDelay(response, now: now), error)
        case 400..<500: self = .rejected(error)
        case 500 where Self.isBucketFull(error):
            self = .bucketFull(error)
        case 503, 504:
            self = .serverError(retryAfter: ServerDelay(response, now: now), error)
        case 500, 502: self = .serverError(retryAfter: nil, error)
        default: self = .failed(error)
        }
    }

    /// Why a 2xx is not an acceptance: bulkUpload answers 202 with an empty body (docs/service.md, "202 Accepted"),
    /// so a body is accepted only when it is empty or a JSON object that is not a Graph error. A Graph error
    /// envelope, plain text ("Please sign in"), other JSON, or a body larger than the transport read is a failure of
    /// the batch: it is neither counted accepted nor written into the state.
    static func notAnAcceptance(_ response: HTTPResponse) -> GraphError? {
        let status = response.status
        guard !response.bodyTruncated else {
            return GraphError(
                code: "HTTP\(status)",
                message: "HTTP \(status) with a body larger than \(response.body.count / 1024) KB where bulkUpload "
                    + "answers 202 with an empty body; the batch is not taken as accepted")
        }
        let body = response.body
        if body.allSatisfy({ $0 == 0x20 || (0x09...0x0D).contains($0) }) { return nil }
        if let object = try? JSON.parse(body), object.isObject {
            guard object["error"] != nil else { return nil }
            let graph = GraphError(response: response)
            return GraphError(
                code: graph.code,
                message: "HTTP \(status) carrying a Graph error, so the batch is not taken as accepted: "
                    + graph.message)
        }
        let type = response.header("Content-Type").map { ServerText.clean($0, limit: 60) } ?? "no Content-Type"
        let quoted = ServerText.clean(body: body, truncatedAt: nil, limit: 200)
        return GraphError(
            code: "HTTP\(status)",
            message: "HTTP \(status) (\(type)) with a body that is not bulkUpload's answer (202 with an empty body), "
                + "so the batch is not taken as accepted; a proxy or captive portal may be in the way: \"\(quoted)\"")
    }

    /// The bucket-full code is not documented, so this is the one place that keys on the message text (Graph's
    /// convention is to key on codes, but the message is all there is). A non-JSON body's text is in `message` too.
    private static func isBucketFull(_ error: GraphError) -> Bool {
        let message = error.message.lowercased()
        return message.contains("bucket") && message.contains("is full")
    }
}
