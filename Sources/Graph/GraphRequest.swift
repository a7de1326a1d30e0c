import Foundation
import Transport

/// Builds every Graph request with the headers Graph expects (docs/service.md, "Graph conventions"): the bearer
/// token, a fresh `client-request-id` (a lower-case GUID per request, so that each one can be found in Graph's
/// logs), `Accept: application/json` and the client's User-Agent.
package struct GraphRequest: Sendable {
    package var userAgent: String
    /// The deadline of each request (`HTTPRequest.timeoutSeconds`).
    package var timeoutSeconds: Int

    package init(userAgent: String = "provision", timeoutSeconds: Int = 60) {
        self.userAgent = userAgent
        self.timeoutSeconds = timeoutSeconds
    }

    /// A lower-case GUID.
    package static func newRequestID() -> String { UUID().uuidString.lowercased() }

    package func make(
        _ method: String, _ url: URL, token: String, body: Data? = nil, contentType: String? = nil,
        requestID: String = GraphRequest.newRequestID(), maxSuccessBodyBytes: Int = ResponseLimits.successBody,
        onBodySent: (@Sendable () -> Void)? = nil
    ) -> HTTPRequest {
        var headers = [
            "Authorization": "Bearer \(token)",
            "client-request-id": requestID,
            "User-Agent": userAgent,
            "Accept": "application/json",
        ]
        if let contentType { headers["Content-Type"] = contentType }
        return HTTPRequest(
            method: method, url: url, headers: headers, body: body, timeoutSeconds: timeoutSeconds,
            maxSuccessBodyBytes: maxSuccessBodyBytes, onBodySent: onBodySent)
    }
}
