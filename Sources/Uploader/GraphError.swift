import Foundation
import Transport

/// A Graph error's `code` and `message` (contract §6.1), or a transport/stop description with a code such as
/// "Timeout", "ConnectionFailed" or "NotSent".
public struct GraphError: Sendable, Equatable, Codable {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

extension GraphError {
    private struct Envelope: Decodable {
        struct Body: Decodable {
            var code: String?
            var message: String?
        }
        var error: Body
    }

    /// The error from a Graph envelope `{"error":{"code","message"}}`; for any other body (HTML from a proxy, empty),
    /// a code naming the status and the start of the body as the message.
    init(response: HTTPResponse) {
        if let envelope = try? JSONDecoder().decode(Envelope.self, from: response.body),
            envelope.error.code != nil || envelope.error.message != nil
        {
            self.init(code: envelope.error.code ?? "HTTP\(response.status)", message: envelope.error.message ?? "")
            return
        }
        let text = String(decoding: response.body.prefix(300), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        self.init(code: "HTTP\(response.status)", message: text.isEmpty ? "HTTP status \(response.status) with no error body" : text)
    }

    /// A request that got no HTTP answer (style.md: a timeout means the outcome is unknown, and resending is safe).
    init(transportFailure error: any Error) {
        switch error {
        case TransportError.timedOut:
            self.init(code: "Timeout", message: "no answer within the request timeout (its outcome is unknown)")
        case TransportError.cancelled:
            self.init(code: "ConnectionFailed", message: "the request was cancelled below HTTP")
        case TransportError.connectionFailed(let reason):
            self.init(code: "ConnectionFailed", message: reason)
        default:
            self.init(code: "ConnectionFailed", message: error.localizedDescription)
        }
    }
}
