import Foundation

/// One HTTP exchange, independent of libcurl so that unit tests can answer requests with a closure.
package struct HTTPRequest: Sendable {
    package var method: String
    package var url: URL
    /// Header names as sent; look-ups are case-insensitive via `header(_:)`.
    package var headers: [String: String]
    package var body: Data?
    /// The deadline of the whole exchange, in seconds: connecting, sending, waiting and reading. A server that
    /// answers one byte at a time cannot stretch it (an idle timeout would restart with every byte).
    package var timeoutSeconds: Int
    /// The most body bytes kept from a 2xx answer; the transport stops reading there and marks the body truncated.
    package var maxSuccessBodyBytes: Int
    /// The most body bytes kept from any other answer (an error is quoted from its start).
    package var maxErrorBodyBytes: Int
    /// Called once, from any thread, when the whole body has been handed to the network; a transport that cannot
    /// tell calls it when the answer begins to arrive. Must be quick.
    package var onBodySent: (@Sendable () -> Void)?

    package init(
        method: String, url: URL, headers: [String: String] = [:], body: Data? = nil, timeoutSeconds: Int = 60,
        maxSuccessBodyBytes: Int = ResponseLimits.successBody, maxErrorBodyBytes: Int = ResponseLimits.errorBody,
        onBodySent: (@Sendable () -> Void)? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutSeconds = max(1, timeoutSeconds)
        self.maxSuccessBodyBytes = max(0, maxSuccessBodyBytes)
        self.maxErrorBodyBytes = max(0, maxErrorBodyBytes)
        self.onBodySent = onBodySent
    }

    package func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// How much of an answer is read: a hostile or broken server must not make the client hold its whole body.
package enum ResponseLimits {
    /// An error body is quoted from its start; 64 KB holds any Graph or token error many times over.
    package static let errorBody = 64 * 1024
    /// The default for a successful answer (a Graph object); callers that expect more (log pages) or nothing (202s)
    /// say so on the request.
    package static let successBody = 1024 * 1024
    /// A token endpoint's answer: a token and a few fields.
    package static let tokenBody = 64 * 1024
}

/// A response with lower-cased header names.
package struct HTTPResponse: Sendable {
    package var status: Int
    package var headers: [String: String]
    package var body: Data
    /// The transport stopped reading the body at the request's cap: `body` is only its start.
    package var bodyTruncated: Bool

    package init(status: Int, headers: [String: String] = [:], body: Data = Data(), bodyTruncated: Bool = false) {
        self.status = status
        self.headers = Dictionary(
            headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
        self.body = body
        self.bodyTruncated = bodyTruncated
    }

    package func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// Failures below HTTP: the request may or may not have reached the server.
package enum TransportError: Error, Sendable, Equatable, LocalizedError {
    /// No complete answer within the request's deadline. The outcome is unknown (libcurl may even have resent it).
    case timedOut
    /// The connection could not be made or was dropped without an answer.
    case connectionFailed(String)
    /// The caller gave up on the request (the run is stopping); its outcome is unknown.
    case cancelled

    package var errorDescription: String? {
        switch self {
        case .timedOut: "the request timed out (its outcome is unknown)"
        case .connectionFailed(let reason): "connection failed: \(reason)"
        case .cancelled: "the request was cancelled"
        }
    }
}

/// Sends one request and returns whatever HTTP status came back; only transport failures throw.
///
/// A transport honours the request's deadline and caps, calls `onBodySent`, and throws `TransportError.cancelled`
/// promptly when the calling task is cancelled, whatever the socket is doing.
package protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
