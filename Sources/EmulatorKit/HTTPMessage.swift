import Foundation

/// A parsed HTTP/1.1 request. Header look-ups ignore case; path segments and query values are percent-decoded.
package struct HTTPRequestMessage: Sendable {
    package var method: String
    /// The request target as sent, e.g. `/v1.0/auditLogs/provisioning?$top=5`.
    package var target: String
    package var version: String
    package var headers: [HTTPHeader]
    package var body: [UInt8]
    /// When the kernel received the request's last byte (seconds since 1970); nil where unknown.
    package var receivedAt: Double?

    package init(
        method: String, target: String, version: String = "HTTP/1.1", headers: [HTTPHeader] = [], body: [UInt8] = []
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
    }

    package func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The path without query, as sent (absolute-form targets are reduced to their path).
    package var path: String {
        var rest = Substring(target)
        if rest.hasPrefix("http://") || rest.hasPrefix("https://"), let schemeEnd = rest.range(of: "://") {
            rest = rest[schemeEnd.upperBound...]
            rest = rest.firstIndex(of: "/").map { rest[$0...] } ?? "/"
        }
        return String(rest.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "/")
    }

    /// Non-empty path segments, percent-decoded (so `/provisioning/` and `/provisioning` route alike).
    package var pathSegments: [String] {
        path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
    }

    /// Query parameters; `+` is a space, as in forms. The first occurrence of a name wins.
    package var query: [String: String] {
        guard let mark = target.firstIndex(of: "?") else { return [:] }
        return Self.decodeForm(Substring(target[target.index(after: mark)...]))
    }

    /// Decodes `a=1&b=two+words` (used for query strings and form bodies).
    package static func decodeForm(_ text: Substring) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decodeComponent(parts[0])
            let value = parts.count > 1 ? decodeComponent(parts[1]) : ""
            if result[name] == nil { result[name] = value }
        }
        return result
    }

    package static func decodeComponent(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}

/// One header line.
package struct HTTPHeader: Sendable, Equatable {
    package var name: String
    package var value: String
    package init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// What to do with a request: answer it, or close the connection without a word (fault injection).
package struct HTTPResponseMessage: Sendable {
    package var status: Int
    package var headers: [HTTPHeader]
    package var body: Data
    /// Close the connection instead of answering.
    package var drop = false
    /// Answer, then close (used after protocol errors so a confused client cannot desynchronise the stream).
    package var closeAfterSending = false
    /// Send the head (with the full Content-Length) and only this many body bytes, then close: a body cut off
    /// mid-way, as a peer or proxy failing during the transfer leaves it (fault injection).
    package var truncateBodyAt: Int?

    package init(status: Int, headers: [HTTPHeader] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    package static func dropConnection() -> HTTPResponseMessage {
        var response = HTTPResponseMessage(status: 0)
        response.drop = true
        return response
    }

    package func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Status line, headers and body in one buffer, so the server writes it with one `send`.
    package func serialized(keepAlive: Bool) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(Self.reason(for: status))\r\n"
        for header in headers { head += "\(header.name): \(header.value)\r\n" }
        head += "Content-Length: \(body.count)\r\n"
        // A cut-off body leaves the connection unusable, so the head says so.
        head += keepAlive && truncateBodyAt == nil ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n"
        var bytes = Array(head.utf8)
        bytes.append(contentsOf: truncateBodyAt.map { body.prefix(max(0, $0)) } ?? body)
        return bytes
    }

    package static func reason(for status: Int) -> String {
        switch status {
        case 200: "OK"
        case 202: "Accepted"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 411: "Length Required"
        case 413: "Payload Too Large"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status \(status)"
        }
    }
}

/// The request line and headers of a request, before its body is read.
struct HTTPRequestHead: Sendable {
    var method: String
    var target: String
    var version: String
    var headers: [HTTPHeader]

    /// Parses the bytes before the blank line; nil for anything that is not a plausible HTTP/1.x head.
    static func parse(_ bytes: ArraySlice<UInt8>) -> HTTPRequestHead? {
        // Latin-1-ish decoding cannot fail, so garbage bytes are rejected by the grammar below, not by a trap.
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        guard !lines.isEmpty else { return nil }
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1."), !requestLine[0].isEmpty,
            requestLine[0].allSatisfy({ $0.isLetter && $0.isASCII }),
            requestLine[1].hasPrefix("/") || requestLine[1].hasPrefix("http")
        else { return nil }
        var headers: [HTTPHeader] = []
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { return nil }
            let name = String(line[..<colon])
            guard !name.contains(" ") else { return nil }
            headers.append(HTTPHeader(name, line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return HTTPRequestHead(
            method: String(requestLine[0]), target: String(requestLine[1]), version: String(requestLine[2]),
            headers: headers)
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// HTTP/1.1 defaults to keep-alive; HTTP/1.0 only with an explicit request for it.
    var wantsKeepAlive: Bool {
        let connection = header("Connection")?.lowercased() ?? ""
        if connection.contains("close") { return false }
        return version == "HTTP/1.1" || connection.contains("keep-alive")
    }
}
