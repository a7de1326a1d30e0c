import EmulatorKit
import Foundation
import JSONDocument

/// Builds Graph-style responses: the common headers and the error envelope (docs/service.md, "Graph conventions").
enum GraphResponse {
    /// The success `Content-Type` observed on Graph (docs/service.md, "Graph conventions").
    static let odataContentType =
        "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"

    /// The ids Graph puts on every response: a fresh `request-id`, and `client-request-id` echoed (or the same id).
    static func correlationHeaders(for request: HTTPRequestMessage, now: Double) -> (
        requestID: String, clientRequestID: String, headers: [HTTPHeader]
    ) {
        let requestID = GUID.random()
        let clientRequestID = request.header("client-request-id") ?? requestID
        let headers = [
            HTTPHeader("request-id", requestID), HTTPHeader("client-request-id", clientRequestID),
            HTTPHeader("Date", Timestamp.httpDate(now)),
        ]
        return (requestID, clientRequestID, headers)
    }

    static func json(
        _ status: Int, _ value: JSON, for request: HTTPRequestMessage, now: Double, extraHeaders: [HTTPHeader] = []
    ) -> HTTPResponseMessage {
        let ids = correlationHeaders(for: request, now: now)
        let headers =
            ids.headers + [HTTPHeader("Content-Type", odataContentType), HTTPHeader("OData-Version", "4.0")]
            + extraHeaders
        return HTTPResponseMessage(status: status, headers: headers, body: value.serialized)
    }

    static func empty(_ status: Int, for request: HTTPRequestMessage, now: Double, extraHeaders: [HTTPHeader] = [])
        -> HTTPResponseMessage
    {
        HTTPResponseMessage(status: status, headers: correlationHeaders(for: request, now: now).headers + extraHeaders)
    }

    /// `{"error":{"code","message","innerError":{date, request-id, client-request-id}}}`.
    static func error(
        _ status: Int, code: String, message: String, for request: HTTPRequestMessage, now: Double,
        extraHeaders: [HTTPHeader] = []
    ) -> HTTPResponseMessage {
        let ids = correlationHeaders(for: request, now: now)
        let body: JSON = .object([
            "error": .object([
                "code": .string(code), "message": .string(message),
                "innerError": .object([
                    "date": .string(Timestamp.innerErrorDate(now)), "request-id": .string(ids.requestID),
                    "client-request-id": .string(ids.clientRequestID),
                ]),
            ])
        ])
        let headers = ids.headers + [HTTPHeader("Content-Type", "application/json")] + extraHeaders
        return HTTPResponseMessage(status: status, headers: headers, body: body.serialized)
    }

    /// The documented 429 body with its odd innerError layout (docs/service.md, "Graph conventions").
    static func throttled(retryAfter: String, for request: HTTPRequestMessage, now: Double) -> HTTPResponseMessage {
        let ids = correlationHeaders(for: request, now: now)
        let body: JSON = .object([
            "error": .object([
                "code": "TooManyRequests",
                "innerError": .object([
                    "code": "429", "date": .string(Timestamp.innerErrorDate(now)), "message": "Please retry after",
                    "request-id": .string(ids.requestID), "status": "429",
                ]),
                "message": "Please retry again later.",
            ])
        ])
        let headers =
            ids.headers + [HTTPHeader("Content-Type", "application/json"), HTTPHeader("Retry-After", retryAfter)]
        return HTTPResponseMessage(status: 429, headers: headers, body: body.serialized)
    }

    /// Formats seconds for `Retry-After`: whole numbers without a fraction, others as given (e.g. `2.128`).
    static func retryAfterText(_ seconds: Double) -> String {
        seconds == seconds.rounded() && seconds < 1e15 ? String(Int(seconds)) : String(seconds)
    }

    /// Maps a status to the Graph error code used for protocol-level failures.
    static func code(for status: Int) -> String {
        switch status {
        case 400: "BadRequest"
        case 404: "ResourceNotFound"
        case 405: "MethodNotAllowed"
        case 411: "LengthRequired"
        case 413: "RequestEntityTooLarge"
        case 431: "RequestHeaderFieldsTooLarge"
        case 502: "BadGateway"
        case 503: "ServiceUnavailable"
        case 504: "GatewayTimeout"
        default: status >= 500 ? "InternalServerError" : "BadRequest"
        }
    }
}
