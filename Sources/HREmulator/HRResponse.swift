import EmulatorKit
import Foundation
import JSONDocument

/// Building answers: JSON, other text, and the parts of a request the presets share (credentials, ordered query).
enum HRResponse {
    static func json(_ status: Int, _ value: JSON, headers: [HTTPHeader] = []) -> HTTPResponseMessage {
        HTTPResponseMessage(
            status: status, headers: [HTTPHeader("Content-Type", "application/json; charset=utf-8")] + headers,
            body: value.serialized)
    }

    static func text(_ status: Int, _ text: String, contentType: String, headers: [HTTPHeader] = [])
        -> HTTPResponseMessage
    {
        HTTPResponseMessage(
            status: status, headers: [HTTPHeader("Content-Type", contentType)] + headers, body: Data(text.utf8))
    }

    /// `{"error": code, "error_description": message}`: OAuth 2.0's token errors (RFC 6749 §5.2), and the shape
    /// this emulator gives sources whose vendors document none.
    static func oauthError(_ status: Int, _ code: String, _ message: String, headers: [HTTPHeader] = [])
        -> HTTPResponseMessage
    {
        json(status, .object(["error": .string(code), "error_description": .string(message)]), headers: headers)
    }

    /// A bearer-protected resource refusing a request (RFC 6750 §3).
    static func invalidToken(_ message: String) -> HTTPResponseMessage {
        oauthError(
            401, "invalid_token", message,
            headers: [HTTPHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")])
    }

    static func notFound(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        json(404, .object(["error": "not_found", "message": .string("No resource at \(request.path).")]))
    }

    static func methodNotAllowed(_ request: HTTPRequestMessage, allowed: String) -> HTTPResponseMessage {
        json(
            405, .object(["error": "method_not_allowed", "message": .string("Use \(allowed) for \(request.path).")]),
            headers: [HTTPHeader("Allow", allowed)])
    }

    /// XML and HTML text need `&`, `<`, `>` and quotes escaped.
    static func escapeMarkup(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// The credentials a request carries in its `Authorization` header.
enum Credentials: Equatable {
    case basic(user: String, password: String)
    case bearer(String)
    case none

    init(_ request: HTTPRequestMessage) {
        guard let header = request.header("Authorization") else {
            self = .none
            return
        }
        let parts = header.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            self = .none
            return
        }
        switch parts[0].lowercased() {
        case "bearer":
            self = .bearer(parts[1].trimmingCharacters(in: .whitespaces))
        case "basic":
            guard let data = Data(base64Encoded: parts[1].trimmingCharacters(in: .whitespaces)),
                let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
            else {
                self = .none
                return
            }
            self = .basic(user: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
        default:
            self = .none
        }
    }
}

extension HTTPRequestMessage {
    /// The query's name-value pairs in the order sent (percent-decoded), for links that keep a client's parameters.
    var orderedQuery: [(name: String, value: String)] {
        guard let mark = target.firstIndex(of: "?") else { return [] }
        return target[target.index(after: mark)...].split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decodeComponent(parts[0]), parts.count > 1 ? Self.decodeComponent(parts[1]) : "")
        }
    }

    /// A form body (`application/x-www-form-urlencoded`) as name-value pairs.
    var form: [String: String] { Self.decodeForm(Substring(decoding: body, as: UTF8.self)) }
}

/// Percent-encodes a query component, keeping what RFC 3986 allows unencoded except the form delimiters.
func encodeQueryComponent(_ text: String) -> String {
    var allowed = CharacterSet.urlQueryAllowed
    allowed.remove(charactersIn: "&=+#")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
}
