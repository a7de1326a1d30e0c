import Foundation
import Transport

/// A Graph error's `code` and `message` (docs/service.md, "Graph conventions": clients key on the code, never on the
/// message), or a transport/stop description with a code such as "Timeout", "ConnectionFailed" or "NotSent".
///
/// Built from an answer by `init(response:)`, the one Graph error parser: everything in it has been cleaned by
/// `ServerText` (secrets, tokens and control characters removed), so it can be printed, logged and stored as is.
package struct GraphError: Sendable, Equatable, Codable {
    package let code: String
    package let message: String

    package init(code: String, message: String) {
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

    /// The error from a Graph envelope `{"error":{"code","message"}}`; for an HTML page, a message naming the proxy
    /// or captive portal that most likely sent it; for any other body (plain text, empty, cut at the transport's cap),
    /// a code naming the status and the start of the body as the message.
    package init(response: HTTPResponse) {
        let status = response.status
        if response.isHTML {
            self.init(code: "HTTP\(status)", message: Self.htmlMessage(response))
            return
        }
        if let envelope = try? JSONDecoder().decode(Envelope.self, from: response.body),
            envelope.error.code != nil || envelope.error.message != nil
        {
            self.init(
                code: ServerText.clean(envelope.error.code ?? "HTTP\(status)", limit: 100),
                message: ServerText.clean(envelope.error.message ?? "", limit: 1000))
            return
        }
        let cap = response.bodyTruncated ? response.body.count : nil
        let text = ServerText.clean(body: response.body, truncatedAt: cap, limit: 300)
        self.init(code: "HTTP\(status)", message: text.isEmpty ? "HTTP status \(status) with no error body" : text)
    }

    /// What an HTML answer means: Graph never sends one, so something between this host and Graph answered.
    static func htmlMessage(_ response: HTTPResponse) -> String {
        let title = response.htmlTitle.map { " (\"\($0)\")" } ?? ""
        return "HTTP \(response.status) with an HTML page\(title) instead of Microsoft Graph's answer: a proxy, "
            + "firewall or captive portal is probably in the way; check the proxy settings (HTTPS_PROXY) and the "
            + "network between this host and Microsoft Graph"
    }

    /// A request that got no HTTP answer: a timeout means the outcome is unknown, and resending is safe.
    package init(transportFailure error: any Error) {
        switch error {
        case TransportError.timedOut:
            self.init(code: "Timeout", message: "no answer within the request timeout (its outcome is unknown)")
        case TransportError.cancelled:
            self.init(
                code: "Cancelled",
                message: "the run stopped while this request was on the wire; its outcome is unknown, and sending it "
                    + "again is safe (the service matches records on externalId)")
        case TransportError.connectionFailed(let reason):
            self.init(code: "ConnectionFailed", message: ServerText.clean(reason))
        default:
            self.init(code: "ConnectionFailed", message: ServerText.clean(error.localizedDescription))
        }
    }
}

extension HTTPResponse {
    /// An HTML page (by its Content-Type, or a body that starts like one): what a proxy, firewall or captive portal
    /// answers. Graph answers JSON or nothing.
    package var isHTML: Bool {
        if let type = header("Content-Type")?.lowercased(), type.contains("text/html") || type.contains("xhtml") {
            return true
        }
        var start = String(decoding: body.prefix(512), as: UTF8.self).lowercased()
        start = String(start.drop { $0.isWhitespace || $0 == "\u{FEFF}" })
        return ["<!doctype html", "<html", "<head", "<body"].contains { start.hasPrefix($0) }
    }

    /// The page's `<title>`, cleaned; nil when there is none.
    var htmlTitle: String? {
        // A title is in the page's head: its first 64 KB, however large a body the server sent.
        let text = String(decoding: body.prefix(64 * 1024), as: UTF8.self)
        guard let open = text.range(of: "<title", options: .caseInsensitive),
            let close = text.range(of: ">", range: open.upperBound..<text.endIndex),
            let end = text.range(of: "</title>", options: .caseInsensitive, range: close.upperBound..<text.endIndex)
        else { return nil }
        let title = text[close.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        return title.isEmpty ? nil : ServerText.clean(title, limit: 100)
    }
}
